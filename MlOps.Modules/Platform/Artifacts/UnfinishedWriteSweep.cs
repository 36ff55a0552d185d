using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Platform.Http;

namespace MlOps.Modules.Platform.Artifacts;

/// <summary>
/// A process that stops in the middle of a write (a batch job's scores, an upload) or of an S3 read (spooled to a
/// local file) leaves its temp file behind, and one killed while training leaves its work folder. Nothing writes
/// or reads before the host serves, so every temp file and work folder found at start is such a leftover, and goes.
/// The upload buffers' folder is made anew, so that it is part of the data directory's layout from the start.
/// </summary>
internal sealed class UnfinishedWriteSweep(IOptions<MlOpsOptions> options, ILogger<UnfinishedWriteSweep> logger) : IModuleInitializer
{
    public int Order => -50;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        var temp = FileSystemArtifactStore.TempOf(options.Value);
        foreach (var file in Directory.Exists(temp) ? Directory.EnumerateFiles(temp, "*.part") : [])
        {
            logger.LogWarning("Removing {File}: a write that never finished.", Path.GetFileName(file));
            File.Delete(file);
        }

        var work = options.Value.WorkDirectory;
        foreach (var leftover in Directory.Exists(work) ? Directory.EnumerateFileSystemEntries(work) : [])
        {
            logger.LogWarning("Removing {Path}: work a stopped process left behind.", Path.GetRelativePath(work, leftover));
            if (Directory.Exists(leftover)) Directory.Delete(leftover, recursive: true);
            else File.Delete(leftover);
        }

        Directory.CreateDirectory(UploadBuffering.DirectoryOf(options.Value));
        return Task.CompletedTask;
    }
}
