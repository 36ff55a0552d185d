namespace MlOps.Modules.Platform.Data;

internal sealed class AuditRecord
{
    public long Id { get; init; }
    public required DateTime At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public string? Details { get; init; }
}
