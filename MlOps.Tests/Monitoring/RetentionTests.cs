using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Data;
using MlOps.Modules.Monitoring.Log;
using MlOps.Modules.Monitoring.Retention;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Tests.Support;
using Quartz;

namespace MlOps.Tests.Monitoring;

public sealed class RetentionTests(RetentionTests.ShortRetentionFactory factory) : IClassFixture<RetentionTests.ShortRetentionFactory>
{
    public sealed class ShortRetentionFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Monitoring:RetentionDays"] = "30",
            ["Monitoring:RetentionChunkSize"] = "7",
        };
    }

    [Fact]
    public async Task Rows_older_than_the_retention_go_with_their_feedback_and_recent_rows_stay()
    {
        var now = DateTime.UtcNow;
        var old = Enumerable.Range(0, 20).Select(i => LogEntry.Of(LogEvents.Prediction("retained", i, now.AddDays(-31).AddMinutes(i))));
        var recent = Enumerable.Range(20, 5).Select(i => LogEntry.Of(LogEvents.Prediction("retained", i, now.AddDays(-29))));
        var oldFailure = new LogEntry(null, new PredictionFailure("retained", null, "production", 404, TimeSpan.FromMilliseconds(1), "tests", "gone", now.AddDays(-40)));
        var recentFailure = new LogEntry(null, new PredictionFailure("retained", 1, "production", 400, TimeSpan.FromMilliseconds(1), "tests", "kept", now.AddHours(-1)));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PredictionLogStore>().WriteAsync([.. old, .. recent, oldFailure, recentFailure], default);
            var db = scope.ServiceProvider.GetRequiredService<MonitoringDbContext>();
            foreach (var requestId in new[] { "request-3", "request-22" })
            {
                var prediction = await db.Predictions.SingleAsync(p => p.Model == "retained" && p.RequestId == requestId);
                db.Feedback.Add(new FeedbackRecord
                {
                    PredictionId = prediction.Id, Model = "retained", Version = 1, PredictionAt = prediction.At, Actual = "Adelie", ReceivedAt = now, ReceivedBy = "tests",
                });
            }

            await db.SaveChangesAsync();
        }

        RetentionResult result;
        await using (var scope = factory.Services.CreateAsyncScope())
            result = await scope.ServiceProvider.GetRequiredService<PredictionRetention>().PurgeAsync(default);

        Assert.Equal((20, 1), (result.Predictions, result.Failures));
        await using var check = factory.Services.CreateAsyncScope();
        var remaining = check.ServiceProvider.GetRequiredService<MonitoringDbContext>();
        Assert.Equal(Enumerable.Range(20, 5).Select(i => $"request-{i}"),
            await remaining.Predictions.Where(p => p.Model == "retained").OrderBy(p => p.Id).Select(p => p.RequestId).ToListAsync());
        Assert.Equal(["kept"], await remaining.Failures.Where(f => f.Model == "retained").Select(f => f.RequestId).ToListAsync());
        Assert.Equal([5L], await remaining.TrafficSeconds.Where(t => t.Model == "retained").Select(t => t.Records).ToListAsync());
        var feedback = await remaining.Feedback.Where(f => f.Model == "retained").Select(f => f.PredictionId).ToListAsync();
        var kept = await remaining.Predictions.SingleAsync(p => p.RequestId == "request-22");
        Assert.Equal([kept.Id], feedback);
        var audit = await check.ServiceProvider.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery("prediction-log"), new PageRequest(), default);
        Assert.Contains(audit.Items, e => e.Action == "prediction-log.purged" && e.Details!.StartsWith("20 predictions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_retention_job_is_scheduled_every_hour()
    {
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(RetentionJob.Key)));

        Assert.Equal(TimeSpan.FromHours(1), trigger.RepeatInterval);
        Assert.Equal(-1, trigger.RepeatCount);
    }
}
