namespace MlOps.Modules.Monitoring.Drift;

/// <summary>A hypothesis test's statistic and its p-value.</summary>
internal readonly record struct TestResult(double Statistic, double PValue);
