using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>
/// The one way into datasets for the UI, training, Serving and Monitoring. A null version means
/// the latest version at the time of the call.
/// </summary>
public interface IDatasetCatalog
{
    Task<Paged<DatasetSummary>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    Task<DatasetDetails?> GetAsync(string name, CancellationToken cancellationToken);

    Task<DatasetVersionInfo?> GetVersionAsync(string name, int? version, CancellationToken cancellationToken);

    Task<ReferenceStatistics?> GetReferenceStatisticsAsync(string name, int? version, CancellationToken cancellationToken);

    /// <summary>
    /// Raw values of a version, all rows when it has at most <paramref name="maxRows"/>, else a fixed-seed uniform
    /// sample of that many; null when there is no such version. Computed once per version and size, then cached.
    /// </summary>
    Task<ReferenceSample?> GetReferenceSampleAsync(string name, int? version, int maxRows, CancellationToken cancellationToken);

    Task<DatasetPreview?> GetPreviewAsync(string name, int? version, int rows, CancellationToken cancellationToken);

    /// <summary>The uploaded file as stored (CSV or ZIP), or null when there is no such version.</summary>
    Task<Stream?> OpenFileAsync(string name, int? version, CancellationToken cancellationToken);

    /// <summary>Archive entries (<c>label/file.png</c>) of an image dataset, a few per class, for thumbnails.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetImageSamplesAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>A picture of an image dataset, scaled down to fit <paramref name="maxSide"/> pixels.</summary>
    Task<DatasetImage?> GetImageAsync(string name, int version, string entry, int maxSide, CancellationToken cancellationToken);

    DatasetUploadLimits GetUploadLimits();

    Task<OperationResult<DatasetUploadResult>> UploadAsync(DatasetUpload upload, string actor, CancellationToken cancellationToken);

    /// <summary>Imports the sample datasets that ship with MlOps; importing again changes nothing.</summary>
    Task<IReadOnlyList<DatasetVersionInfo>> ImportSamplesAsync(string actor, CancellationToken cancellationToken);
}
