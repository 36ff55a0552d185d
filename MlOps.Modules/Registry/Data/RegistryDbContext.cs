using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Registry.Data;

internal sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public const string TablePrefix = "registry";

    public DbSet<RegisteredModelRecord> Models => Set<RegisteredModelRecord>();
    public DbSet<ModelVersionRecord> Versions => Set<ModelVersionRecord>();
    public DbSet<ModelAliasRecord> Aliases => Set<ModelAliasRecord>();
    public DbSet<PromotionRecord> Promotions => Set<PromotionRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<RegisteredModelRecord>(model =>
        {
            model.ToTable("models");
            model.HasKey(m => m.Name);
            model.Property(m => m.Name).HasMaxLength(100);
            model.Property(m => m.Description).HasMaxLength(2000);
            model.HasIndex(m => m.UpdatedAt);
        });
        builder.Entity<ModelVersionRecord>(version =>
        {
            version.ToTable("model_versions");
            version.HasKey(v => v.Id);
            version.HasIndex(v => new { v.ModelName, v.Version }).IsUnique();
            version.HasIndex(v => v.RunId);
            version.Property(v => v.Description).HasMaxLength(2000);
            version.Property(v => v.Format).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ModelFormat.MlNet).HasSentinel((ModelFormat)(-1));
            version.HasOne<RegisteredModelRecord>().WithMany().HasForeignKey(v => v.ModelName).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ModelAliasRecord>(alias =>
        {
            alias.ToTable("model_aliases");
            alias.HasKey(a => new { a.ModelName, a.Alias });
            alias.Property(a => a.Alias).HasMaxLength(64);
            alias.HasOne<RegisteredModelRecord>().WithMany().HasForeignKey(a => a.ModelName).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PromotionRecord>(promotion =>
        {
            promotion.ToTable("promotions");
            promotion.HasKey(p => p.Id);
            promotion.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            promotion.Property(p => p.Reason).HasMaxLength(2000);
            promotion.Property(p => p.Comment).HasMaxLength(2000);
            promotion.HasIndex(p => new { p.Status, p.ModelName });
            promotion.HasIndex(p => new { p.ModelName, p.RequestedAt });
            promotion.HasOne<RegisteredModelRecord>().WithMany().HasForeignKey(p => p.ModelName).OnDelete(DeleteBehavior.Restrict);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class RegistryDbContextDesignFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, RegistryDbContext.TablePrefix);
        return new RegistryDbContext(options.Options);
    }
}
