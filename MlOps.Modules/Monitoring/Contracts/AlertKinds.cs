namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>The <see cref="MonitoringAlert.Kind"/>s Monitoring's checks raise.</summary>
public static class AlertKinds
{
    /// <summary>At least half of a production version's inputs drifted from its training data (critical).</summary>
    public const string Drift = "drift";

    /// <summary>The predicted classes or values drifted while the inputs as a whole did not (warning).</summary>
    public const string PredictionDrift = "prediction-drift";

    /// <summary>Too large a share of a production version's predict requests failed (critical).</summary>
    public const string ErrorRate = "error-rate";
}
