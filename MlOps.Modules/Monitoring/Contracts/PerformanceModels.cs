namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>
/// How right a version was on the predictions that got feedback: <see cref="Accuracy"/> for classification,
/// <see cref="Mae"/> and <see cref="Rmse"/> for regression; <see cref="Labelled"/> counts those predictions.
/// </summary>
public sealed record PerformanceFigures(long Labelled, double? Accuracy, double? Mae, double? Rmse);

/// <summary>One bucket with feedback (by prediction time); buckets without feedback are left out.</summary>
public sealed record PerformancePoint(DateTime Start, long Labelled, double? Accuracy, double? Mae, double? Rmse);

/// <summary><see cref="Task"/> is <c>classification</c> or <c>regression</c>, read from the logged predictions.</summary>
public sealed record VersionPerformance(int Version, string Task, PerformanceFigures Overall, IReadOnlyList<PerformancePoint> Points);

public sealed record ModelPerformance(string Model, DateTime From, DateTime To, int BucketSeconds, IReadOnlyList<VersionPerformance> Versions);
