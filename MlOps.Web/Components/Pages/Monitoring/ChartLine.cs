namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>One series of a time chart: a value per bucket, null where the bucket has nothing to show.</summary>
public sealed record ChartLine(string Name, IReadOnlyList<double?> Values);
