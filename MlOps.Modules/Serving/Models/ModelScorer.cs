using System.Linq.Expressions;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Models;

internal interface IModelScorer
{
    Prediction Score(InputRow row);
}

/// <summary>A scorer that scores many rows in one call of its model, as batch jobs want.</summary>
internal interface IBlockScorer
{
    /// <summary>The class labels in score order; empty for a regression, which scores one value per row.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Scores rows in one call into <paramref name="scores"/>, row after row: one probability per label, or the value.
    /// Raw scores rather than <see cref="Prediction"/>s, so a batch writes them out without a dictionary per row.
    /// </summary>
    void Score(IReadOnlyList<InputRow> rows, Span<float> scores);
}

internal static class BlockScores
{
    /// <summary>The place of the highest score, the first of equals.</summary>
    public static int Best(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
            if (scores[c] > scores[best]) best = c;
        return best;
    }
}

internal static class ModelScorer
{
    public static IModelScorer Create(ReadOnlyMemory<byte> content, IReadOnlyList<InputColumn> columns, string task, IReadOnlyList<string> labels)
    {
        var ml = ModelLoading.CreateContext();
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        var model = ml.Model.Load(stream, out _);
        var inputType = InputTypeBuilder.Build(columns);
        var definition = SchemaDefinition.Create(inputType);
        for (var i = 0; i < columns.Count; i++)
            definition[i].ColumnName = columns[i].Name;

        var outputSchema = model.GetOutputSchema(SchemaDefinitionToSchema(ml, inputType, definition));
        var (outputType, read) = OutputFor(task, labels, outputSchema);
        var scorerType = typeof(PooledScorer<,>).MakeGenericType(inputType, outputType);
        return (IModelScorer)Activator.CreateInstance(scorerType, ml, model, definition, columns, read)!;
    }

    private static DataViewSchema SchemaDefinitionToSchema(MLContext ml, Type inputType, SchemaDefinition definition)
    {
        var load = typeof(DataOperationsCatalog).GetMethods()
            .Single(m => m.Name == nameof(DataOperationsCatalog.LoadFromEnumerable) && m.GetParameters()[1].ParameterType == typeof(SchemaDefinition))
            .MakeGenericMethod(inputType);
        var empty = Array.CreateInstance(inputType, 0);
        return ((IDataView)load.Invoke(ml.Data, [empty, definition])!).Schema;
    }

    private static (Type Output, Delegate Read) OutputFor(string task, IReadOnlyList<string> labels, DataViewSchema schema)
    {
        switch (task)
        {
            case "Regression":
                return (typeof(RegressionOutput), (Func<RegressionOutput, Prediction>)(o => new Prediction(null, null, float.IsFinite(o.Score) ? o.Score : null)));
            case "BinaryClassification" when schema.GetColumnOrNull("Probability") is not null:
                return (typeof(BinaryOutput), (Func<BinaryOutput, Prediction>)(o => new Prediction(
                    labels[o.PredictedLabel ? 1 : 0], new Dictionary<string, double> { [labels[0]] = 1 - o.Probability, [labels[1]] = o.Probability }, null)));
            case "BinaryClassification":
                return (typeof(BinaryLabelOutput), (Func<BinaryLabelOutput, Prediction>)(o => new Prediction(labels[o.PredictedLabel ? 1 : 0], null, null)));
            default:
                return (typeof(ClassOutput), (Func<ClassOutput, Prediction>)(o =>
                {
                    var probabilities = new Dictionary<string, double>(labels.Count);
                    for (var i = 0; i < labels.Count && i < o.Score.Length; i++) probabilities[labels[i]] = o.Score[i];
                    return new Prediction(o.PredictedLabel, probabilities, null);
                }));
        }
    }

    internal sealed class RegressionOutput
    {
        public float Score;
    }

    internal sealed class BinaryOutput
    {
        public bool PredictedLabel;
        public float Probability;
    }

    internal sealed class BinaryLabelOutput
    {
        public bool PredictedLabel;
    }

    internal sealed class ClassOutput
    {
        public string PredictedLabel = "";
        public float[] Score = [];
    }
}

/// <summary><c>PredictionEngine</c> is not thread-safe: each caller borrows one, with its own input and output objects.</summary>
internal sealed class PooledScorer<TIn, TOut> : IModelScorer
    where TIn : class, new()
    where TOut : class, new()
{
    private readonly ObjectPool<Slot> _pool;
    private readonly Action<TIn, float>?[] _numbers;
    private readonly Action<TIn, string>?[] _texts;
    private readonly Func<TOut, Prediction> _read;

    public PooledScorer(MLContext ml, ITransformer model, SchemaDefinition definition, IReadOnlyList<InputColumn> columns, Func<TOut, Prediction> read)
    {
        _read = read;
        _numbers = new Action<TIn, float>?[columns.Count];
        _texts = new Action<TIn, string>?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].IsNumeric) _numbers[i] = Setter<float>(InputTypeBuilder.FieldName(i));
            else _texts[i] = Setter<string>(InputTypeBuilder.FieldName(i));
        }

        _pool = new DefaultObjectPool<Slot>(new SlotPolicy(() => new Slot(ml.Model.CreatePredictionEngine<TIn, TOut>(model, inputSchemaDefinition: definition))),
            Environment.ProcessorCount * 4);
    }

    public Prediction Score(InputRow row) => SerialScoring.Run((Scorer: this, Row: row), static s => s.Scorer.ScoreHere(s.Row));

    private Prediction ScoreHere(InputRow row)
    {
        var slot = _pool.Get();
        try
        {
            for (var i = 0; i < _numbers.Length; i++)
            {
                if (_numbers[i] is { } number) number(slot.Input, row.Numbers[i]);
                else _texts[i]!(slot.Input, row.Texts[i] ?? "");
            }

            slot.Engine.Predict(slot.Input, ref slot.Output);
            return _read(slot.Output);
        }
        finally
        {
            _pool.Return(slot);
        }
    }

    private static Action<TIn, T> Setter<T>(string field)
    {
        var target = Expression.Parameter(typeof(TIn));
        var value = Expression.Parameter(typeof(T));
        return Expression.Lambda<Action<TIn, T>>(Expression.Assign(Expression.Field(target, field), value), target, value).Compile();
    }

    private sealed class Slot(PredictionEngine<TIn, TOut> engine)
    {
        public PredictionEngine<TIn, TOut> Engine { get; } = engine;

        public TIn Input { get; } = new();

        public TOut Output = new();
    }

    private sealed class SlotPolicy(Func<Slot> create) : PooledObjectPolicy<Slot>
    {
        public override Slot Create() => create();

        public override bool Return(Slot obj) => true;
    }
}
