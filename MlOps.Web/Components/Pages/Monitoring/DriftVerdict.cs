using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Web.Components.Pages.Monitoring;

/// <summary>
/// A drift check in one line: whether the dataset drifted (null when the window held no traffic to compare), or the
/// <see cref="Problem"/> that kept it from running, such as a version trained on data no longer stored.
/// </summary>
public sealed record DriftVerdict(bool? Drifted, int DriftedColumns, int Columns, int Rows, string? Problem)
{
    public static DriftVerdict Of(OperationResult<DriftReport> result) =>
        result.Value is { } report ? Of(report) : new DriftVerdict(null, 0, 0, 0, string.Join(" ", result.Problems.Values.SelectMany(m => m)));

    public static DriftVerdict Of(DriftReport report) =>
        new(report.Current.Rows == 0 ? null : report.DatasetDrift, report.Features.Count(f => f.Drifted), report.Features.Count, report.Current.Rows, null);
}
