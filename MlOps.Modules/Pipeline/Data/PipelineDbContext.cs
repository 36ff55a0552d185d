using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Data;

internal sealed class PipelineDbContext(DbContextOptions<PipelineDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "pipeline";

    public DbSet<DatasetRecord> Datasets => Set<DatasetRecord>();
    public DbSet<DatasetVersionRecord> DatasetVersions => Set<DatasetVersionRecord>();
    public DbSet<PipelineRecord> Pipelines => Set<PipelineRecord>();
    public DbSet<PipelineRunRecord> Runs => Set<PipelineRunRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<DatasetRecord>(dataset =>
        {
            dataset.HasKey(d => d.Id);
            dataset.HasIndex(d => d.Name).IsUnique();
            dataset.Property(d => d.Name).HasMaxLength(100);
            dataset.Property(d => d.Description).HasMaxLength(1000);
            dataset.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16);
            dataset.HasMany(d => d.Versions).WithOne(v => v.Dataset).HasForeignKey(v => v.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DatasetVersionRecord>(version =>
        {
            version.HasKey(v => v.Id);
            version.HasIndex(v => new { v.DatasetId, v.Version }).IsUnique();
            version.HasIndex(v => new { v.DatasetId, v.ContentHash }).IsUnique();
            version.Property(v => v.ContentHash).HasMaxLength(64);
            version.Property(v => v.Kind).HasConversion<string>().HasMaxLength(16);
            version.Property(v => v.FileName).HasMaxLength(255);
            version.Property(v => v.Description).HasMaxLength(1000);
        });
        builder.Entity<PipelineRecord>(pipeline =>
        {
            pipeline.HasKey(p => p.Name);
            pipeline.Property(p => p.Name).HasMaxLength(100);
            pipeline.Property(p => p.Dataset).HasMaxLength(100);
            pipeline.Property(p => p.Task).HasMaxLength(32);
        });
        builder.Entity<PipelineRunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => r.Id);
            run.HasIndex(r => new { r.PipelineName, r.QueuedAt });
            run.HasIndex(r => r.Status);
            // At most one queued or running run per pipeline, even when two starts race past the service's check.
            run.HasIndex(r => r.PipelineName).IsUnique().HasFilter("\"Status\" IN ('Queued', 'Running')")
                .HasDatabaseName("IX_pipeline_runs_active_pipeline");
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.ProgressDetail).HasMaxLength(200);
            run.Property(r => r.Instance).HasMaxLength(200);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class PipelineDbContextDesignFactory : IDesignTimeDbContextFactory<PipelineDbContext>
{
    public PipelineDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PipelineDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, PipelineDbContext.TablePrefix);
        return new PipelineDbContext(options.Options);
    }
}
