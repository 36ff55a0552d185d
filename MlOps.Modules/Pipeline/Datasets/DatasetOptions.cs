namespace MlOps.Modules.Pipeline.Datasets;

internal sealed class DatasetOptions
{
    public const string SectionName = "Pipeline:Datasets";

    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    public int MaxArchiveEntries { get; set; } = 50_000;

    /// <summary>Counted while inflating, so an archive that lies about its sizes is still caught.</summary>
    public long MaxUncompressedBytes { get; set; } = 1024L * 1024 * 1024;

    public long MaxImagePixels { get; set; } = 4096L * 4096;

    /// <summary>An entry's inflated bytes per compressed byte, checked once past 1 MiB: real PNG and JPEG files barely compress.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>An image file at the pixel limit: four bytes a pixel, uncompressed, and room for its headers.</summary>
    public long MaxImageFileBytes => MaxImagePixels * 4 + 1024 * 1024;
}

internal sealed class SampleOptions
{
    public const string SectionName = "MlOps:Samples";

    public bool ImportOnStart { get; set; }
}
