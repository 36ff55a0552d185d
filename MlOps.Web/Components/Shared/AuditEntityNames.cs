using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Web.Components.Shared;

/// <summary>What a person recognises for the ids the audit log keeps: an email, a key's name, a model version, a pipeline.</summary>
public static class AuditEntityNames
{
    /// <summary>Names by (entity type, entity id); entities that are gone or already named by their id are absent.</summary>
    public static async Task<IReadOnlyDictionary<(string Type, string Id), string>> ResolveAsync(
        IServiceProvider services, IEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string, string), string>();
        var ids = entries.Select(e => (e.EntityType, e.EntityId)).Distinct().ToList();
        if (ids.Any(i => i.EntityType == "user"))
            foreach (var user in await services.GetRequiredService<IUserAdministration>().ListAsync(cancellationToken)) names[("user", user.Id)] = user.Email;
        if (ids.Any(i => i.EntityType == "api-key"))
            foreach (var key in await services.GetRequiredService<IApiKeys>().ListAsync(cancellationToken)) names[("api-key", key.Id)] = key.Name;
        foreach (var (type, id) in ids)
        {
            var name = type switch
            {
                "promotion" => await services.GetRequiredService<IModelRegistry>().GetPromotionAsync(id, cancellationToken) is { } p
                    ? $"{p.Name} v{p.Version} → {p.Alias}" : null,
                "pipeline-run" => await services.GetRequiredService<IPipelineService>().GetRunAsync(id, cancellationToken) is { } r
                    ? $"{r.Pipeline} run of {r.QueuedAt:yyyy-MM-dd HH:mm}" : null,
                "batch-job" => await services.GetRequiredService<IBatchJobs>().GetAsync(id, cancellationToken) is { } j
                    ? $"{j.Model} v{j.Version} on {j.Source}" : null,
                _ => null,
            };
            if (name is not null) names[(type, id)] = name;
        }

        return names;
    }
}
