using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Serving.Models;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>
/// A model version as a batch job scores with it: a transformer of its own (jobs never borrow the pooled
/// prediction engines of online requests) and what Serving knows of its columns, with each column's known
/// categories ready for lookups by span.
/// </summary>
internal sealed class BatchModel
{
    public BatchModel(LoadedModel info, ITransformer? transformer, IBlockScorer? blocks)
    {
        Info = info;
        Transformer = transformer;
        Blocks = blocks;
        Categories = info.Columns
            .Select(c => c.Categories is { } known ? new HashSet<string>(known, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>() : (HashSet<string>.AlternateLookup<ReadOnlySpan<char>>?)null)
            .ToArray();
        var schema = new DataViewSchema.Builder();
        foreach (var column in info.Columns)
            schema.AddColumn(column.Name, column.IsNumeric ? NumberDataViewType.Single : TextDataViewType.Instance);
        InputSchema = schema.ToSchema();
    }

    public LoadedModel Info { get; }

    /// <summary>An ML.NET version's own transformer, null when the version scores rows in blocks.</summary>
    public ITransformer? Transformer { get; }

    /// <summary>The version's shared scorer when it scores many rows in one call (ONNX).</summary>
    public IBlockScorer? Blocks { get; }

    public IReadOnlyList<InputColumn> Columns => Info.Columns;

    /// <summary>Per column, the categories seen in training when they are known in full.</summary>
    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>>?[] Categories { get; }

    /// <summary>The model's input columns in model order: numbers as floats, everything else as text.</summary>
    public DataViewSchema InputSchema { get; }
}
