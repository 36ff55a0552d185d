using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Modules.Platform.Persistence;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>How every module gets its own DbContext over the one SQLite file.</summary>
public static class ModuleDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        DefaultTimeout = 30,
        Pooling = true,
        ForeignKeys = true,
    }.ToString();

    // SQLite table rebuilds switch foreign keys off outside the migration's transaction, and EF warns about it on every
    // migration that rebuilds a table, even on a clean first start with nothing to lose; it is kept as information.
    public static void Configure(DbContextOptionsBuilder options, string databasePath, string tablePrefix) =>
        options.UseSqlite(ConnectionString(databasePath), sqlite => sqlite.MigrationsHistoryTable($"{tablePrefix}_migrations"))
            .AddInterceptors(SqlitePragmas.Instance)
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)));

    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string tablePrefix)
        where TContext : DbContext
    {
        services.AddDbContext<TContext>((provider, options) =>
            Configure(options, provider.GetRequiredService<IOptions<MlOpsOptions>>().Value.DatabasePath, tablePrefix));
        services.AddSingleton<IModuleInitializer, MigrateDatabase<TContext>>();
        return services;
    }

    /// <summary>Prefixes every table of the model, e.g. <c>registry_model_versions</c>.</summary>
    public static void UseTablePrefix(this ModelBuilder modelBuilder, string tablePrefix)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var name = entity.GetTableName()!.Replace("AspNet", string.Empty, StringComparison.Ordinal);
            entity.SetTableName($"{tablePrefix}_{ToSnakeCase(name)}");
        }
    }

    /// <summary>SQLite keeps no time zone: every DateTime is stored and read back as UTC.</summary>
    public static void UseUtcDateTimes(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(), value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
