using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Models;

/// <summary>
/// Loaded versions, bounded by an LRU, and where each alias points. Versions load once, on first use;
/// a promotion loads and warms the new version before the alias moves, so requests never wait for it. An alias is
/// looked up again when any replica signals that aliases moved, and after <c>Serving:AliasRefreshSeconds</c> in case
/// a signal was lost.
/// </summary>
internal sealed class ModelCache(ModelLoader loader, IServiceScopeFactory scopes, IOptions<ServingOptions> options, ILogger<ModelCache> logger)
{
    private readonly ConcurrentDictionary<(string Name, int Version), Entry> _versions = new();
    private readonly ConcurrentDictionary<(string Name, string Alias), AliasTarget> _aliases = new();
    private readonly Lock _movesLock = new();
    private long _moves;

    public async Task<OperationResult<LoadedModel>> GetAsync(ServingTarget target, CancellationToken cancellationToken)
    {
        int version;
        if (target.Version is { } number)
        {
            version = number;
        }
        else
        {
            var resolved = await ResolveAliasAsync(target.Model, target.AliasOrProduction(), cancellationToken);
            if (!resolved.Succeeded) return OperationResult<LoadedModel>.Fail(resolved.Error, resolved.Problems);
            version = resolved.Value;
        }

        return await GetVersionAsync(target.Model, version, cancellationToken);
    }

    public async Task<OperationResult<LoadedModel>> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        var entry = _versions.GetOrAdd((name, version), key => new Entry(key.Name, key.Version));
        var loading = entry.Loading;
        if (loading is null)
        {
            lock (entry)
            {
                loading = entry.Loading ??= LoadAsync(entry);
            }
        }

        var result = await loading.WaitAsync(cancellationToken);
        if (!result.Succeeded) _versions.TryRemove(new KeyValuePair<(string, int), Entry>((name, version), entry));
        return result;
    }

    /// <summary>Loads and warms the promoted version, then points the alias at it in one step.</summary>
    public async Task SwapAsync(string name, string alias, int version, CancellationToken cancellationToken)
    {
        BeginMove();
        await MoveAsync((name, alias), version, cancellationToken);
    }

    /// <summary>
    /// Looks every alias this replica holds up again after another replica moved one: each moved alias keeps answering
    /// with the version in hand until the version it now names is loaded and warm, and an alias that is gone is forgotten.
    /// </summary>
    public async Task RefreshAliasesAsync(CancellationToken cancellationToken)
    {
        BeginMove();
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        foreach (var (key, known) in _aliases.ToList()) await RecheckAsync(registry, key, known, cancellationToken);
    }

    /// <summary>The loaded version a target points at now, without loading or asking the Registry; null when there is none.</summary>
    public int? PeekVersion(ServingTarget target)
    {
        if (target.Version is { } version) return IsReady(target.Model, version) ? version : null;
        return _aliases.TryGetValue((target.Model, target.AliasOrProduction()), out var known) && IsReady(target.Model, known.Version) ? known.Version : null;
    }

    /// <summary>The version a target names or its alias last pointed at, loaded or not, without asking the Registry; null when unknown.</summary>
    public int? PeekTarget(ServingTarget target) =>
        target.Version ?? (_aliases.TryGetValue((target.Model, target.AliasOrProduction()), out var known) ? known.Version : null);

    public IReadOnlyList<LoadedModelInfo> List()
    {
        var aliases = _aliases.ToLookup(a => (a.Key.Name, a.Value.Version), a => a.Key.Alias);
        return _versions.Values
            .Select(e => e.Describe(aliases[(e.Name, e.Version)].Order(StringComparer.Ordinal).ToList()))
            .OrderBy(m => m.Model, StringComparer.Ordinal).ThenByDescending(m => m.Version)
            .ToList();
    }

    /// <summary>
    /// An alias past its refresh time still answers with the version in hand while one background look-up checks it:
    /// had every request in flight looked it up itself, each would have waited for a database connection of its own,
    /// which on PostgreSQL stalled all of them every refresh interval. Only an alias never seen is looked up in the request.
    /// </summary>
    private async Task<OperationResult<int>> ResolveAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        if (_aliases.TryGetValue((name, alias), out var known))
        {
            if (known.FreshUntil <= Environment.TickCount64)
            {
                var claimed = known with { FreshUntil = FreshUntil() };
                if (_aliases.TryUpdate((name, alias), claimed, known)) _ = RecheckInBackgroundAsync((name, alias), claimed);
            }

            return OperationResult<int>.Ok(known.Version);
        }

        long moves;
        lock (_movesLock) moves = _moves;
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<IModelRegistry>();
        var details = await registry.GetVersionAsync(name, ModelSelector.ForAlias(alias), cancellationToken);
        if (details is null)
        {
            return await registry.GetModelAsync(name, cancellationToken) is null
                ? OperationResult<int>.Fail(OperationError.NotFound, "model", $"There is no model named '{name}'.")
                : OperationResult<int>.Fail(OperationError.NotFound, "alias", $"Model '{name}' has no version with the alias '{alias}'.");
        }

        Remember((name, alias), new AliasTarget(details.Version, FreshUntil()), moves);
        return OperationResult<int>.Ok(details.Version);
    }

    private async Task RecheckInBackgroundAsync((string Name, string Alias) key, AliasTarget known)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RecheckAsync(scope.ServiceProvider.GetRequiredService<IModelRegistry>(), key, known, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Looking up alias {Alias} of {Model} failed; it keeps {Version} and is looked up again within its refresh interval", key.Alias, key.Name, known.Version);
        }
    }

    private async Task RecheckAsync(IModelRegistry registry, (string Name, string Alias) key, AliasTarget known, CancellationToken cancellationToken)
    {
        var details = await registry.GetVersionAsync(key.Name, ModelSelector.ForAlias(key.Alias), cancellationToken);
        if (details is null) _aliases.TryRemove(key, out _);
        else if (details.Version == known.Version) _aliases.TryUpdate(key, known with { FreshUntil = FreshUntil() }, known);
        else await MoveAsync(key, details.Version, cancellationToken);
    }

    /// <summary>Counts a move before its alias is looked up, so a look-up that began earlier cannot put back what the move replaced.</summary>
    private void BeginMove()
    {
        lock (_movesLock) _moves++;
    }

    private void Remember((string Name, string Alias) key, AliasTarget target, long movesWhenLookedUp)
    {
        lock (_movesLock)
        {
            if (_moves == movesWhenLookedUp) _aliases[key] = target;
        }
    }

    private async Task MoveAsync((string Name, string Alias) key, int version, CancellationToken cancellationToken)
    {
        var loaded = await GetVersionAsync(key.Name, version, cancellationToken);
        if (!loaded.Succeeded)
        {
            logger.LogError("Serving could not load {Model} version {Version} after its alias {Alias} moved: {Problems}",
                key.Name, version, key.Alias, string.Join(" ", loaded.Problems.Values.SelectMany(p => p)));
            _aliases.TryRemove(key, out _);
            return;
        }

        _aliases[key] = new AliasTarget(version, FreshUntil());
    }

    private long FreshUntil() => Environment.TickCount64 + options.Value.AliasRefreshSeconds * 1000L;

    private bool IsReady(string name, int version) => _versions.TryGetValue((name, version), out var entry) && entry.Model is not null;

    private async Task<OperationResult<LoadedModel>> LoadAsync(Entry entry)
    {
        await Task.Yield();
        try
        {
            var result = await loader.LoadAsync(entry.Name, entry.Version, CancellationToken.None);
            entry.Complete(result);
            if (result.Succeeded) EvictBeyondLimit(entry);
            return result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Loading {Model} version {Version} failed", entry.Name, entry.Version);
            var failed = OperationResult<LoadedModel>.Fail(OperationError.Conflict, "model", $"Model '{entry.Name}' version {entry.Version} could not be loaded: {e.Message}");
            entry.Complete(failed);
            return failed;
        }
    }

    private void EvictBeyondLimit(Entry keep)
    {
        var excess = _versions.Count - options.Value.MaxLoadedModels;
        if (excess <= 0) return;
        var aliased = _aliases.Select(a => (a.Key.Name, a.Value.Version)).ToHashSet();
        foreach (var victim in _versions.Values.Where(e => e != keep && e.Model is not null)
                     .OrderBy(e => aliased.Contains((e.Name, e.Version)))
                     .ThenBy(e => e.Model!.LastUsed).Take(excess).ToList())
        {
            _versions.TryRemove(new KeyValuePair<(string, int), Entry>((victim.Name, victim.Version), victim));
        }
    }

    private sealed record AliasTarget(int Version, long FreshUntil);

    private sealed class Entry(string name, int version)
    {
        public string Name { get; } = name;

        public int Version { get; } = version;

        public Task<OperationResult<LoadedModel>>? Loading { get; set; }

        public LoadedModel? Model { get; private set; }

        private string? Error { get; set; }

        public void Complete(OperationResult<LoadedModel> result)
        {
            Model = result.Value;
            Error = result.Succeeded ? null : string.Join(" ", result.Problems.Values.SelectMany(p => p));
        }

        public LoadedModelInfo Describe(IReadOnlyList<string> aliases) => Model is { } model
            ? new LoadedModelInfo(Name, Version, aliases, model.LoadedAt, LoadedModelState.Ready, model.LoadDuration, model.Predictions, null)
            : new LoadedModelInfo(Name, Version, aliases, null, Error is null ? LoadedModelState.Loading : LoadedModelState.Failed, null, 0, Error);
    }
}
