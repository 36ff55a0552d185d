using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Datasets;

internal sealed record DatasetAnalysis(
    DatasetKind Kind,
    int RowCount,
    IReadOnlyList<DatasetColumn> Columns,
    IReadOnlyDictionary<string, int>? Classes,
    IReadOnlyList<ColumnStatistics> ColumnStatistics,
    ImageStatistics? Images,
    DatasetPreview Preview,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? ImageSamples);
