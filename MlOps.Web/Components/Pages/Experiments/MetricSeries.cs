using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Web.Components.Pages.Experiments;

/// <summary>One line of a metric chart: a run's history of one metric.</summary>
public sealed record MetricSeries(string Name, IReadOnlyList<MetricPoint> Points);
