using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>Drift of a model version's logged traffic against the dataset version it was trained on.</summary>
public interface IDriftMonitor
{
    /// <summary>
    /// At most <see cref="MaxWindowRows"/> of the newest predictions in the window are compared. A null version means the
    /// one in production. NotFound for an unknown model or version; Invalid when the version has no training dataset
    /// on record or no production version exists.
    /// </summary>
    Task<OperationResult<DriftReport>> GetDriftAsync(string model, int? version, TimeWindow window, CancellationToken cancellationToken);

    public const int MaxWindowRows = 5_000;
}
