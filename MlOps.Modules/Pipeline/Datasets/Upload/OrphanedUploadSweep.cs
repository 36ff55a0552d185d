using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Pipeline.Data;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Upload;

/// <summary>
/// An upload writes its file before committing its row, so a process that dies in between leaves a
/// file no version points to. Those folders are removed at start, before any upload can run.
/// </summary>
internal sealed class OrphanedUploadSweep(IServiceScopeFactory scopes, IArtifactStore store, ILogger<OrphanedUploadSweep> logger) : IModuleInitializer
{
    private static readonly ArtifactPath Root = ArtifactPath.Parse("datasets");

    // After migrations (order 0), before samples are imported (order 100).
    public int Order => 50;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var folders = (await store.ListAsync(Root, cancellationToken))
            .Where(e => e.IsDirectory && e.Path.Count(c => c == '/') == 1)
            .Select(e => e.Path)
            .ToList();
        if (folders.Count == 0) return;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PipelineDbContext>();
        var committed = (await db.DatasetVersions.AsNoTracking().Select(v => v.Dataset.Name + "/" + v.ContentHash).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var folder in folders.Where(f => !committed.Contains(f)))
        {
            logger.LogWarning("Removing dataset upload {Folder}: no version was committed for it.", folder);
            await store.DeleteTreeAsync(Root.Combine(ArtifactPath.Parse(folder)), cancellationToken);
        }
    }
}
