using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MlOps.Modules.Platform.Persistence;

/// <summary>
/// Each module keeps one migration history per provider in the one assembly: PostgreSQL's under a
/// <c>Migrations/PostgreSql</c> folder (namespace), SQLite's everywhere else. EF's own lookup matches migrations
/// to a context by type only, so it would mix the two histories and find two model snapshots.
/// </summary>
internal sealed class ProviderMigrationsAssembly : IMigrationsAssembly
{
    public const string PostgreSqlNamespace = "PostgreSql";

    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public ProviderMigrationsAssembly(ICurrentDbContext currentContext)
    {
        var contextType = currentContext.Context.GetType();
        var postgreSql = currentContext.Context.Database.IsNpgsql();
        Assembly = contextType.Assembly;
        var ours = Assembly.DefinedTypes
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType && IsPostgreSql(t) == postgreSql)
            .ToList();
        _migrations = new Lazy<IReadOnlyDictionary<string, TypeInfo>>(() => ours
            .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()!.Id, Type: t))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(m => m.Id, m => m.Type));
        _snapshot = new Lazy<ModelSnapshot?>(() => ours
            .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)))
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
            .SingleOrDefault());
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) => Migrations.Keys
        .Where(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || id.EndsWith("_" + nameOrId, StringComparison.OrdinalIgnoreCase))
        .FirstOrDefault();

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private static bool IsPostgreSql(TypeInfo type) =>
        type.Namespace?.EndsWith("." + PostgreSqlNamespace, StringComparison.Ordinal) == true;
}
