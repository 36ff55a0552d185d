namespace MlOps.Modules.Registry;

internal sealed class RegistryOptions
{
    public const string SectionName = "Registry";

    public long MaxArtifactBytes { get; set; } = 512L * 1024 * 1024;

    public int MaxArchiveEntries { get; set; } = 1000;

    public long MaxUncompressedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Real ML.NET models compress modestly; a far higher ratio is the mark of a zip bomb.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>The most values one call of an ONNX model may declare for an input (unknown dimensions count as 1).</summary>
    public long MaxOnnxInputElements { get; set; } = 64L * 1024 * 1024;
}
