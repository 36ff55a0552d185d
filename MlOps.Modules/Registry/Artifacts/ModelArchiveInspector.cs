using System.IO.Compression;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Artifacts;

/// <summary>What a file proved to be: the columns it reads and, for ONNX, its tensors and the task and labels its signature gives.</summary>
internal sealed record InspectedModel(IReadOnlyList<SchemaColumn> InputSchema, OnnxModelSchema? Onnx = null, string? Task = null, IReadOnlyList<string>? Labels = null);

/// <summary>
/// Proves a stored zip is a safe, loadable ML.NET model (or a safe MLflow model folder) before it is registered. Sizes in
/// zip headers are attacker-controlled, so limits apply to the bytes actually inflated.
/// </summary>
internal sealed class ModelArchiveInspector(IOptions<RegistryOptions> options)
{
    private const long RatioCheckThreshold = 10L * 1024 * 1024;

    public async Task<(InspectedModel? Model, string? Problem)> InspectAsync(Stream archive, CancellationToken cancellationToken)
    {
        if (await CheckAsync(archive, "an ML.NET model", cancellationToken) is { } problem) return (null, problem);
        archive.Position = 0;
        return LoadModel(archive);
    }

    /// <summary>An MLflow model folder MlOps stores but does not serve: a safe zip with the folder's MLmodel at its root. Nothing in it is loaded.</summary>
    public async Task<(InspectedModel? Model, string? Problem)> InspectFolderAsync(Stream archive, CancellationToken cancellationToken)
    {
        if (await CheckAsync(archive, "an MLflow model folder", cancellationToken) is { } problem) return (null, problem);
        archive.Position = 0;
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        return zip.GetEntry("MLmodel") is null
            ? (null, "The zip has no MLmodel file at its root; it is not an MLflow model folder.")
            : (new InspectedModel([]), null);
    }

    /// <summary>Null when the zip is whole and safe to inflate, else why not.</summary>
    private async Task<string?> CheckAsync(Stream archive, string expected, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var compressedSize = archive.Length;
        try
        {
            using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count == 0) return $"The zip holds no entries; it is not {expected}.";
            if (zip.Entries.Count > limits.MaxArchiveEntries) return $"The zip holds more than {limits.MaxArchiveEntries} entries.";
            long inflated = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (UnsafeName(entry.FullName) is { } nameProblem) return nameProblem;
                await using var content = entry.Open();
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    inflated += read;
                    if (inflated > limits.MaxUncompressedBytes)
                        return $"The zip inflates to more than {limits.MaxUncompressedBytes:N0} bytes.";
                    if (inflated > RatioCheckThreshold && inflated / Math.Max(compressedSize, 1) > limits.MaxCompressionRatio)
                        return $"The zip inflates more than {limits.MaxCompressionRatio} times its size: it looks like a zip bomb.";
                }
            }
        }
        catch (InvalidDataException e)
        {
            return $"The file is not a valid zip: {e.Message}";
        }

        return null;
    }

    private static (InspectedModel? Model, string? Problem) LoadModel(Stream archive)
    {
        try
        {
            new MLContext().Model.Load(archive, out var inputSchema);
            var columns = inputSchema?.Where(c => !c.IsHidden).Select(c => new SchemaColumn(c.Name, Describe(c.Type))).ToList() ?? [];
            return (new InspectedModel(columns), null);
        }
        // ML.NET's loaders throw many exception types for content that is not a model; all mean the same to a caller.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"The zip does not load as an ML.NET model: {e.Message}");
        }
    }

    private static string Describe(DataViewType type) => type switch
    {
        VectorDataViewType vector => $"Vector<{Describe(vector.ItemType)}>",
        TextDataViewType => "String",
        _ => type.RawType.Name,
    };

    private static string? UnsafeName(string name)
    {
        if (name.Length == 0) return "The zip holds an entry without a name.";
        if (name.Contains('\\') || name.Contains('\0')) return $"The zip entry '{name}' holds a backslash or NUL.";
        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':')) return $"The zip entry '{name}' has an absolute path.";
        if (name.Split('/').Any(segment => segment == "..")) return $"The zip entry '{name}' escapes its folder.";
        return null;
    }
}
