using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.Data;

internal sealed class ExperimentsDbContext(DbContextOptions<ExperimentsDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "experiments";

    public DbSet<ExperimentRecord> Experiments => Set<ExperimentRecord>();
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<RunParamRecord> Params => Set<RunParamRecord>();
    public DbSet<RunTagRecord> Tags => Set<RunTagRecord>();
    public DbSet<LatestMetricRecord> LatestMetrics => Set<LatestMetricRecord>();
    public DbSet<MetricChunkRecord> MetricChunks => Set<MetricChunkRecord>();
    public DbSet<ExperimentKeyRecord> Keys => Set<ExperimentKeyRecord>();
    public DbSet<RunArtifactRecord> Artifacts => Set<RunArtifactRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<ExperimentRecord>(experiment =>
        {
            experiment.ToTable("experiments");
            experiment.HasKey(e => e.Id);
            experiment.HasIndex(e => e.Name).IsUnique();
            experiment.Property(e => e.Name).HasMaxLength(250);
        });
        builder.Entity<RunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.HasOne<ExperimentRecord>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Cascade);
            run.HasIndex(r => new { r.ExperimentId, r.StartTime });
            run.HasIndex(r => new { r.ExperimentId, r.Name });
            run.HasIndex(r => new { r.ExperimentId, r.Status });
        });
        builder.Entity<RunParamRecord>(param =>
        {
            param.ToTable("params");
            param.HasKey(p => new { p.RunId, p.Key });
            param.HasIndex(p => new { p.Key, p.Value, p.RunId });
            param.HasOne<RunRecord>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<RunTagRecord>(tag =>
        {
            tag.ToTable("tags");
            tag.HasKey(t => new { t.RunId, t.Key });
            tag.HasIndex(t => new { t.Key, t.Value, t.RunId });
            tag.HasOne<RunRecord>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<LatestMetricRecord>(metric =>
        {
            metric.ToTable("latest_metrics");
            metric.HasKey(m => new { m.RunId, m.Key });
            metric.HasIndex(m => new { m.Key, m.Value, m.RunId });
            metric.HasOne<RunRecord>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MetricChunkRecord>(chunk =>
        {
            chunk.ToTable("metric_chunks");
            chunk.HasKey(c => c.Id);
            chunk.HasIndex(c => new { c.RunId, c.Key });
            chunk.HasOne<RunRecord>().WithMany().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ExperimentKeyRecord>(key =>
        {
            key.ToTable("keys");
            key.HasKey(k => new { k.ExperimentId, k.Kind, k.Key });
            key.HasOne<ExperimentRecord>().WithMany().HasForeignKey(k => k.ExperimentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<RunArtifactRecord>(artifact =>
        {
            artifact.ToTable("artifacts");
            artifact.HasKey(a => new { a.RunId, a.Path });
            artifact.HasOne<RunRecord>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class ExperimentsDbContextDesignFactory : IDesignTimeDbContextFactory<ExperimentsDbContext>
{
    public ExperimentsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ExperimentsDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, ExperimentsDbContext.TablePrefix);
        return new ExperimentsDbContext(options.Options);
    }
}
