using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Platform.Data;

internal sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options)
    : IdentityDbContext<IdentityUser, IdentityRole, string>(options)
{
    public const string TablePrefix = "platform";

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<AuditRecord> Audit => Set<AuditRecord>();
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();
    public DbSet<ReplicaRecord> Replicas => Set<ReplicaRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<ApiKeyRecord>(key =>
        {
            key.HasKey(k => k.Id);
            key.HasIndex(k => k.SecretHash).IsUnique();
            key.HasIndex(k => k.Name);
            key.HasIndex(k => k.OwnerId);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Role).HasMaxLength(32);
        });
        builder.Entity<AuditRecord>(audit =>
        {
            audit.ToTable("audit");
            audit.HasKey(a => a.Id);
            audit.HasIndex(a => new { a.EntityType, a.EntityId });
            audit.HasIndex(a => a.At);
        });
        builder.Entity<DataProtectionKeyRecord>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });
        builder.Entity<ReplicaRecord>(replica =>
        {
            replica.ToTable("replicas");
            replica.HasKey(r => r.Name);
            replica.Property(r => r.Name).HasMaxLength(200);
        });
        builder.UseTablePrefix(TablePrefix);
    }
}

internal sealed class PlatformDbContextDesignFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        ModuleDatabase.ConfigureForDesign(options, args, PlatformDbContext.TablePrefix);
        return new PlatformDbContext(options.Options);
    }
}
