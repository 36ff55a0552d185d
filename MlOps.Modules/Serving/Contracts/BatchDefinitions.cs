using System.Security.Claims;
using System.Text.Json.Serialization;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Serving.Contracts;

/// <summary>
/// A batch job declared once (JSON or YAML) and run on demand or on a Quartz cron <see cref="Schedule"/> (UTC).
/// <see cref="Alias"/> (default <c>production</c>) or <see cref="Version"/> picks the model version when a run starts.
/// </summary>
public sealed record BatchDefinition(
    string Name,
    string Model,
    string? Alias,
    int? Version,
    BatchSource Source,
    BatchTarget? Target = null,
    string? Schedule = null,
    string? Description = null);

/// <summary>A dataset to score: its latest version when a run starts, unless <see cref="Version"/> pins one.</summary>
public sealed record BatchSource(string Dataset, int? Version = null);

/// <summary>Where the scores go: a CSV artifact (<see cref="Format"/> <c>csv</c>) named <see cref="Name"/>.</summary>
public sealed record BatchTarget(string Format = BatchTarget.Csv, string? Name = null)
{
    public const string Csv = "csv";
    public const string DefaultName = "predictions.csv";

    [JsonIgnore]
    public string FileName => Name ?? DefaultName;
}

/// <summary>A definition with its schedule in words, its next fire times (UTC) and its latest job.</summary>
public sealed record BatchDefinitionDetails(
    BatchDefinition Definition,
    string? ScheduleDescription,
    IReadOnlyList<DateTime> NextFireTimes,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    BatchJobInfo? LastJob);

/// <summary>Batch definitions for the UI and the REST routes alike, with the same validation.</summary>
public interface IBatchDefinitions
{
    Task<Paged<BatchDefinitionDetails>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    Task<BatchDefinitionDetails?> GetAsync(string name, CancellationToken cancellationToken);

    Task<OperationResult<BatchDefinitionDetails>> CreateAsync(BatchDefinition definition, ClaimsPrincipal user, CancellationToken cancellationToken);

    Task<OperationResult<BatchDefinitionDetails>> UpdateAsync(string name, BatchDefinition definition, ClaimsPrincipal user, CancellationToken cancellationToken);

    Task<OperationResult<BatchDefinitionDetails>> DeleteAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (<paramref name="name"/> null) or replaces a definition written in YAML; Invalid names each field at
    /// fault with its line.
    /// </summary>
    Task<OperationResult<BatchDefinitionDetails>> SaveYamlAsync(string? name, string yaml, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>Queues a job now; refused (Conflict) while a job of the definition is queued or running.</summary>
    Task<OperationResult<BatchJobInfo>> RunAsync(string name, string actor, CancellationToken cancellationToken);

    string ToYaml(BatchDefinition definition);
}
