namespace MlOps.Web.Components.Shared;

/// <summary>A named row of values for <see cref="PointChart"/>, one per horizontal position; null where there is none.</summary>
public sealed record PointSeries(string Name, IReadOnlyList<double?> Values);
