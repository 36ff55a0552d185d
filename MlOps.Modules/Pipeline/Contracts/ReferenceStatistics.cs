namespace MlOps.Modules.Pipeline.Contracts;

/// <summary>Equal-width bins: <see cref="Edges"/> holds one more value than <see cref="Counts"/>.</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<int> Counts);

/// <summary>
/// What a column looked like at upload. Numeric columns carry a histogram, categorical and boolean
/// columns their category frequencies: the baseline Monitoring compares live inputs with.
/// </summary>
public sealed record ColumnStatistics(
    string Name,
    ColumnType Type,
    int Count,
    int Missing,
    int Distinct,
    double? Min = null,
    double? Max = null,
    double? Mean = null,
    double? StandardDeviation = null,
    Histogram? Histogram = null,
    IReadOnlyDictionary<string, int>? Frequencies = null);

/// <summary>Mean intensity is the average grey level (0 black .. 1 white) of each image, summarised over the dataset.</summary>
public sealed record ImageStatistics(
    int Count,
    int MinWidth,
    int MaxWidth,
    int MinHeight,
    int MaxHeight,
    IReadOnlyDictionary<string, int> Sizes,
    double MeanIntensity,
    double IntensityStandardDeviation,
    Histogram IntensityHistogram,
    IReadOnlyDictionary<string, int> Classes);

public sealed record ReferenceStatistics(string Dataset, int Version, DatasetKind Kind, int RowCount, IReadOnlyList<ColumnStatistics> Columns, ImageStatistics? Images);
