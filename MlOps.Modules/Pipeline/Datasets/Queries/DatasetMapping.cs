using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Data;

namespace MlOps.Modules.Pipeline.Datasets.Queries;

internal sealed record StoredStatistics(IReadOnlyList<ColumnStatistics> Columns, ImageStatistics? Images);

internal static class DatasetMapping
{
    public static DatasetVersionInfo ToInfo(DatasetVersionRecord record, string name) => new(
        name,
        record.Version,
        record.Kind,
        record.ContentHash,
        record.RowCount,
        DatasetJson.Deserialize<DatasetColumn[]>(record.ColumnsJson),
        record.ClassesJson is null ? null : DatasetJson.Deserialize<SortedDictionary<string, int>>(record.ClassesJson),
        record.FileName,
        record.SizeBytes,
        record.Description,
        record.CreatedAt,
        record.CreatedBy);
}
