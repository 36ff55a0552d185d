using System.IO.Compression;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Mlflow.Models;

/// <summary>
/// Zips an MLflow model folder of a run's artifacts as it was logged, paths relative to the folder, so the Registry keeps a
/// model it does not serve whole. The zip is spooled to a temporary file: a PyTorch folder may be far larger than memory allows.
/// </summary>
internal static class FolderArchive
{
    public static async Task<OperationResult<Stream>> CreateAsync(
        IExperimentCatalog catalog, IExperimentTracker tracker, string runId, string folder, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var zip = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true))
            {
                var folders = new Queue<string>([folder]);
                while (folders.Count > 0)
                {
                    var listed = await catalog.ListArtifactsAsync(runId, folders.Dequeue(), cancellationToken);
                    if (!listed.Succeeded) return await FailAsync(spool, listed);
                    foreach (var entry in listed.Value!)
                    {
                        if (entry.IsDirectory)
                        {
                            folders.Enqueue(entry.Path);
                            continue;
                        }

                        var opened = await tracker.OpenArtifactAsync(runId, entry.Path, cancellationToken);
                        if (!opened.Succeeded) return await FailAsync(spool, opened);
                        await using var content = opened.Value!;
                        await using var target = zip.CreateEntry(entry.Path[(folder.Length + 1)..], CompressionLevel.Fastest).Open();
                        await content.CopyToAsync(target, cancellationToken);
                    }
                }
            }

            spool.Position = 0;
            return OperationResult<Stream>.Ok(spool);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private static async Task<OperationResult<Stream>> FailAsync<T>(Stream spool, OperationResult<T> failed)
    {
        await spool.DisposeAsync();
        return OperationResult<Stream>.Fail(failed.Error, failed.Problems);
    }
}
