namespace MlOps.Web.Components.Shared;

/// <summary>Raised when a page of this circuit acknowledged a monitoring alert.</summary>
public sealed class MonitoringAlertsSignal : CircuitSignal;
