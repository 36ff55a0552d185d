using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Serving.Data;

internal sealed class ServingDbContext(DbContextOptions<ServingDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "serving";

    public DbSet<BatchJobRecord> BatchJobs => Set<BatchJobRecord>();
    public DbSet<BatchDefinitionRecord> BatchDefinitions => Set<BatchDefinitionRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<BatchJobRecord>(job =>
        {
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).HasMaxLength(32);
            job.HasIndex(j => j.CreatedAt);
            job.HasIndex(j => j.Status);
            job.HasIndex(j => new { j.Definition, j.CreatedAt });
            // At most one queued or running job per definition, even when two starts race past the service's check.
            job.HasIndex(j => j.Definition).IsUnique().HasFilter("\"Definition\" IS NOT NULL AND \"Status\" IN ('Queued', 'Running')")
                .HasDatabaseName("IX_serving_batch_jobs_active_definition");
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Instance).HasMaxLength(200);
            job.Property(j => j.Model).HasMaxLength(100);
            job.Property(j => j.Alias).HasMaxLength(100);
            job.Property(j => j.SourceDataset).HasMaxLength(100);
            job.Property(j => j.SourceUpload).HasMaxLength(ArtifactPath.MaxLength);
            job.Property(j => j.SourceDescription).HasMaxLength(400);
            job.Property(j => j.OutputName).HasMaxLength(100);
            job.Property(j => j.OutputPath).HasMaxLength(ArtifactPath.MaxLength);
            job.Property(j => j.OutputSha256).HasMaxLength(64);
            job.Property(j => j.Trigger).HasMaxLength(16);
            job.Property(j => j.Definition).HasMaxLength(100);
        });
        builder.Entity<BatchDefinitionRecord>(definition =>
        {
            definition.HasKey(d => d.Name);
            definition.Property(d => d.Name).HasMaxLength(100);
            definition.Property(d => d.Model).HasMaxLength(100);
            definition.Property(d => d.Schedule).HasMaxLength(200);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class ServingDbContextDesignFactory : IDesignTimeDbContextFactory<ServingDbContext>
{
    public ServingDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ServingDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, ServingDbContext.TablePrefix);
        return new ServingDbContext(options.Options);
    }
}
