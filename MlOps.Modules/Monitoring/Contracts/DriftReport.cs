using System.Text.Json.Serialization;

namespace MlOps.Modules.Monitoring.Contracts;

/// <summary>
/// How a window of a model's logged traffic compares with the dataset version it was trained on
/// (<c>GET /monitoring/models/{name}/drift</c>). <see cref="DriftShare"/> is the share of <see cref="Features"/> that
/// drifted; <see cref="DatasetDrift"/> holds when at least half of them did, as in Evidently. The predicted-class
/// (or predicted-value) distribution is judged separately in <see cref="Prediction"/> and does not count in the share.
/// </summary>
public sealed record DriftReport(
    DriftReference Reference,
    DriftCurrent Current,
    IReadOnlyList<DriftFeature> Features,
    double DriftShare,
    bool DatasetDrift,
    DriftFeature? Prediction,
    IReadOnlyList<DriftSkippedColumn> Skipped);

/// <summary>The training data: <see cref="Rows"/> counts the whole version, even when the tests used a sample of it.</summary>
public sealed record DriftReference(string Dataset, int Version, int Rows);

/// <summary>The logged predictions compared with the reference.</summary>
public sealed record DriftCurrent(int Rows);

/// <summary>
/// One column's verdict. <see cref="Statistic"/> is the test's statistic: D for <c>ks</c>, χ² for <c>chisquare</c>
/// ("Infinity" when the window holds a value the training data never had), z for <c>z</c>, and the distance itself for
/// <c>wasserstein</c> and <c>jensenshannon</c>, which have no <see cref="PValue"/>. <see cref="Threshold"/> bounds the
/// p-value (drifted below it) or the distance (drifted at or above it). <see cref="Psi"/> is the population stability
/// index over the same bins as <see cref="Distribution"/>, reported for every column.
/// <see cref="ReferenceValues"/> and <see cref="CurrentValues"/> count the non-missing values the test compared.
/// </summary>
public sealed record DriftFeature(
    string Name,
    DriftColumnType Type,
    DriftTest Test,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    double Psi,
    int ReferenceValues,
    int CurrentValues,
    DriftDistribution Distribution);

/// <summary>
/// The reference and current shares of each bin, for a chart: numeric columns with many values are binned on common
/// <see cref="Edges"/> (one more edge than bins), other columns have one bin per value in <see cref="Categories"/>.
/// </summary>
public sealed record DriftDistribution(IReadOnlyList<double>? Edges, IReadOnlyList<string>? Categories, IReadOnlyList<double> Reference, IReadOnlyList<double> Current);

/// <summary>A column that could not be compared, and why.</summary>
public sealed record DriftSkippedColumn(string Name, string Reason);
