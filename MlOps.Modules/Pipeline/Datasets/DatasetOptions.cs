namespace MlOps.Modules.Pipeline.Datasets;

internal sealed class DatasetOptions
{
    public const string SectionName = "Pipeline:Datasets";

    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    public int MaxArchiveEntries { get; set; } = 50_000;

    /// <summary>Counted while inflating, so an archive that lies about its sizes is still caught.</summary>
    public long MaxUncompressedBytes { get; set; } = 1024L * 1024 * 1024;

    public long MaxImagePixels { get; set; } = 4096L * 4096;
}

internal sealed class SampleOptions
{
    public const string SectionName = "MlOps:Samples";

    public bool ImportOnStart { get; set; }
}
