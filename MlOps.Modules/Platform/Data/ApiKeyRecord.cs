namespace MlOps.Modules.Platform.Data;

internal sealed class ApiKeyRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required string Prefix { get; init; }
    public required string SecretHash { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }

    /// <summary>The user the key acts for; null for a service key, which may never approve.</summary>
    public string? OwnerId { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
