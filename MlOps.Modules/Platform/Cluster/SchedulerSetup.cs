using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Platform.Contracts;
using Npgsql;
using Quartz;

namespace MlOps.Modules.Platform.Cluster;

/// <summary>
/// The one Quartz scheduler of the host. On SQLite its schedule lives in memory (each start restores it from the modules'
/// tables). On PostgreSQL it is Quartz's ADO job store in clustered mode over the <c>qrtz_</c> tables (made by a
/// Platform migration): every replica runs a scheduler of the same name with an id of its own, a trigger fires on exactly
/// one of them, a job marked non-concurrent runs on one at a time, and a dead replica's triggers are taken over once it
/// misses its check-ins.
/// </summary>
internal static class SchedulerSetup
{
    public const string SchedulerName = "mlops";

    /// <summary>How often each replica's scheduler checks in; a replica silent for this plus the threshold is recovered.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(10);

    private const string DataSourceKey = "quartz";

    public static IServiceCollection AddMlOpsScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetSection(MlOpsOptions.SectionName).Get<MlOpsOptions>()?.Database.Provider ?? DatabaseProvider.Sqlite;
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            if (provider != DatabaseProvider.PostgreSql) return;

            services.AddKeyedSingleton<DbDataSource>(DataSourceKey, (serviceProvider, _) =>
                NpgsqlDataSource.Create(serviceProvider.GetRequiredService<SharedDatabase>().ConnectionString));
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source => source.DataSourceServiceKey = DataSourceKey);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = CheckinInterval;
                    cluster.CheckinMisfireThreshold = CheckinMisfireThreshold;
                });
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = false);
        return services;
    }
}
