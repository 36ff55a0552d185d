namespace MlOps.Modules.Pipeline.Data;

internal sealed class PipelineRecord
{
    public required string Name { get; init; }
    public required string DefinitionJson { get; set; }
    public required string Dataset { get; set; }
    public required string Task { get; set; }
    public string? Description { get; set; }
    public string? ScheduleCron { get; set; }
    public bool ScheduleEnabled { get; set; }
    public required DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
