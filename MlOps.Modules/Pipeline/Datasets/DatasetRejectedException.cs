namespace MlOps.Modules.Pipeline.Datasets;

/// <summary>The uploaded file cannot become a dataset; the message tells the uploader what to fix.</summary>
internal sealed class DatasetRejectedException(string reason) : Exception(reason);
