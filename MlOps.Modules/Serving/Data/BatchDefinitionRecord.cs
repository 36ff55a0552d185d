namespace MlOps.Modules.Serving.Data;

internal sealed class BatchDefinitionRecord
{
    public required string Name { get; init; }
    public required string DefinitionJson { get; set; }
    public required string Model { get; set; }
    public string? Schedule { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
