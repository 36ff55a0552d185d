using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Data;

internal sealed class MonitoringDbContext(DbContextOptions<MonitoringDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "monitoring";
    public const string PredictionsTable = TablePrefix + "_predictions";
    public const string FailuresTable = TablePrefix + "_failures";
    public const string TrafficSecondsTable = TablePrefix + "_traffic_seconds";

    public DbSet<PredictionRecord> Predictions => Set<PredictionRecord>();
    public DbSet<FailureRecord> Failures => Set<FailureRecord>();
    public DbSet<FeedbackRecord> Feedback => Set<FeedbackRecord>();
    public DbSet<AlertRecord> Alerts => Set<AlertRecord>();
    public DbSet<TrafficSecondRecord> TrafficSeconds => Set<TrafficSecondRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<PredictionRecord>(prediction =>
        {
            prediction.ToTable("predictions");
            prediction.HasKey(p => p.Id);
            prediction.Property(p => p.At).HasConversion<UnixMilliseconds>();
            prediction.HasIndex(p => new { p.Model, p.At });
            prediction.HasIndex(p => new { p.Model, p.RequestId });
            prediction.HasIndex(p => p.At);
        });
        builder.Entity<FailureRecord>(failure =>
        {
            failure.ToTable("failures");
            failure.HasKey(f => f.Id);
            failure.Property(f => f.At).HasConversion<UnixMilliseconds>();
            failure.HasIndex(f => new { f.Model, f.At });
            failure.HasIndex(f => f.At);
        });
        builder.Entity<FeedbackRecord>(feedback =>
        {
            feedback.ToTable("feedback");
            feedback.HasKey(f => f.PredictionId);
            feedback.Property(f => f.PredictionAt).HasConversion<UnixMilliseconds>();
            feedback.HasOne<PredictionRecord>().WithOne().HasForeignKey<FeedbackRecord>(f => f.PredictionId).OnDelete(DeleteBehavior.Cascade);
            feedback.HasIndex(f => new { f.Model, f.PredictionAt });
        });
        builder.Entity<AlertRecord>(alert =>
        {
            alert.ToTable("alerts");
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Kind).HasMaxLength(64);
            alert.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
            alert.HasIndex(a => a.RaisedAt);
            alert.HasIndex(a => a.AcknowledgedAt);
            alert.HasIndex(a => new { a.Model, a.RaisedAt });
        });
        builder.Entity<TrafficSecondRecord>(traffic =>
        {
            traffic.ToTable("traffic_seconds");
            traffic.HasKey(t => t.Id);
            traffic.HasIndex(t => new { t.Model, t.Second, t.Version }).IsUnique();
            traffic.HasIndex(t => t.Second);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class MonitoringDbContextDesignFactory : IDesignTimeDbContextFactory<MonitoringDbContext>
{
    public MonitoringDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MonitoringDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, MonitoringDbContext.TablePrefix);
        return new MonitoringDbContext(options.Options);
    }
}
