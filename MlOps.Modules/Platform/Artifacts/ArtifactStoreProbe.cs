using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Artifacts;

/// <summary>Writes, reads back and deletes a tiny artifact: the one proof that the store takes writes, whatever its provider.</summary>
internal sealed class ArtifactStoreProbe(IArtifactStore store, IOptions<MlOpsOptions> options)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Null when the store works, else what is wrong and which setting to check.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var path = ArtifactPath.Parse($"health-probes/{Guid.NewGuid():N}");
        try
        {
            await store.WriteAsync(path, (stream, token) => stream.WriteAsync("ok"u8.ToArray(), token).AsTask(), timeout.Token);
            await using (var read = await store.OpenReadAsync(path, timeout.Token))
                if (read is null) return "An artifact just written cannot be read back.";
            await store.DeleteTreeAsync(path, timeout.Token);
            return null;
        }
        catch (ArtifactStoreUnavailableException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The artifact folder under {options.Value.FullDataDirectory} cannot be written: {e.Message} Check MlOps:DataDirectory and its permissions.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The artifact store did not answer within {Timeout.TotalSeconds:N0} s. Check MlOps:Artifacts:Provider and its settings.";
        }
    }
}

/// <summary>Refuses to start on a store that cannot take writes, rather than failing the first upload.</summary>
internal sealed class ArtifactStoreStartupCheck(ArtifactStoreProbe probe) : IModuleInitializer
{
    // After the data directory exists (-100), before anything reads or sweeps artifacts.
    public int Order => -90;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (await probe.ProblemAsync(cancellationToken) is { } problem)
            throw new InvalidOperationException($"MlOps cannot start: {problem}");
    }
}
