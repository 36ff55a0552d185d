using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts;

/// <summary>
/// A process that stops in the middle of a write (a batch job's scores, an upload) or of an S3 read (spooled to a
/// local file) leaves its temp file behind. Nothing writes or reads before the host serves, so every temp file
/// found at start is such a leftover, and goes.
/// </summary>
internal sealed class UnfinishedWriteSweep(IOptions<MlOpsOptions> options, ILogger<UnfinishedWriteSweep> logger) : IModuleInitializer
{
    public int Order => -50;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        var temp = FileSystemArtifactStore.TempOf(options.Value);
        if (!Directory.Exists(temp)) return Task.CompletedTask;
        foreach (var file in Directory.EnumerateFiles(temp, "*.part"))
        {
            logger.LogWarning("Removing {File}: a write that never finished.", Path.GetFileName(file));
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
