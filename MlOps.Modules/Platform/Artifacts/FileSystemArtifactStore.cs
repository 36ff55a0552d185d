using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts;

internal sealed class FileSystemArtifactStore(IOptions<MlOpsOptions> options) : IArtifactStore
{
    private const int BufferSize = 81920;

    private string Root => RootOf(options.Value);

    public static string RootOf(MlOpsOptions options) => Path.Combine(options.FullDataDirectory, "artifacts");

    /// <summary>Where writes land until they are complete.</summary>
    public static string TempOf(MlOpsOptions options) => Path.Combine(RootOf(options), ".tmp");

    public async Task<StoredArtifact> WriteAsync(ArtifactPath path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = Path.Combine(TempOf(options.Value), $"{Guid.NewGuid():N}.part");
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        try
        {
            StoredArtifact stored;
            await using (var file = new HashingWriteStream(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true)))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                stored = new StoredArtifact(path.Value, file.Length, file.Sha256());
            }

            File.Move(temp, target, overwrite: true);
            return stored;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream?> OpenReadAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        var file = Resolve(path);
        return Task.FromResult<Stream?>(File.Exists(file) ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true) : null);
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(ArtifactPath directory, CancellationToken cancellationToken)
    {
        var folder = Resolve(directory);
        if (!Directory.Exists(folder)) return Task.FromResult<IReadOnlyList<ArtifactEntry>>([]);
        return Task.FromResult<IReadOnlyList<ArtifactEntry>>(new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(info => new ArtifactEntry(
                Path.GetRelativePath(folder, info.FullName).Replace(Path.DirectorySeparatorChar, '/'),
                info is DirectoryInfo,
                info is FileInfo file ? file.Length : null))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList());
    }

    public Task DeleteTreeAsync(ArtifactPath directory, CancellationToken cancellationToken)
    {
        var folder = Resolve(directory);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        else if (File.Exists(folder)) File.Delete(folder);
        return Task.CompletedTask;
    }

    private string Resolve(ArtifactPath path)
    {
        var root = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, path.Value));
        // ArtifactPath already forbids traversal; this second check keeps the root inviolable even if that rule changes.
        return full.StartsWith(root, StringComparison.Ordinal) ? full : throw new InvalidOperationException("The artifact path escapes the store.");
    }
}
