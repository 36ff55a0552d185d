using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using MlOps.Modules.Platform.Persistence;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>How every module gets its own DbContext over the one shared database.</summary>
public static class ModuleDatabase
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        DefaultTimeout = 30,
        Pooling = true,
        ForeignKeys = true,
    }.ToString();

    public static void Configure(DbContextOptionsBuilder options, SharedDatabase database, string tablePrefix)
    {
        var history = $"{tablePrefix}_migrations";
        if (database.Provider == DatabaseProvider.PostgreSql)
            options.UseNpgsql(database.ConnectionString, postgres => postgres.MigrationsHistoryTable(history));
        else
            options.UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsHistoryTable(history)).AddInterceptors(SqlitePragmas.Instance)
                // SQLite table rebuilds switch foreign keys off outside the migration's transaction, and EF warns about it on every
                // migration that rebuilds a table, even on a clean first start with nothing to lose; it is kept as information.
                .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)));
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    public static void Configure(DbContextOptionsBuilder options, IServiceProvider services, string tablePrefix) =>
        Configure(options, services.GetRequiredService<SharedDatabase>(), tablePrefix);

    /// <summary>
    /// For <c>dotnet ef</c>: SQLite unless the arguments after <c>--</c> name PostgreSQL
    /// (<c>dotnet ef migrations add ... -- --provider PostgreSql</c>); no database is opened.
    /// </summary>
    public static void ConfigureForDesign(DbContextOptionsBuilder options, string[] args, string tablePrefix)
    {
        var postgreSql = args.Any(a => a.Equals(nameof(DatabaseProvider.PostgreSql), StringComparison.OrdinalIgnoreCase));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{SharedDatabase.ConnectionStringName}"] = "Host=localhost;Database=mlops_design",
        }).Build();
        var mlops = new MlOpsOptions { DataDirectory = ".", DatabaseFileName = "design.db" };
        mlops.Database.Provider = postgreSql ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        Configure(options, SharedDatabase.From(mlops, configuration), tablePrefix);
    }

    /// <summary>
    /// Registers the module's context and a factory for it. Services that outlive one operation (anything a Blazor
    /// circuit holds) take the factory and create a context per operation, so two calls never share one.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, string tablePrefix)
        where TContext : DbContext
    {
        void Options(IServiceProvider provider, DbContextOptionsBuilder options) => Configure(options, provider, tablePrefix);
        services.AddDbContext<TContext>(Options);
        services.AddDbContextFactory<TContext>(Options, ServiceLifetime.Scoped);
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
