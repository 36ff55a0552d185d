using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Registry.Artifacts;

/// <summary>
/// Exports an ML.NET model to ONNX and proves the export answers as the model does: every check row is scored by both,
/// and scores (the probabilities of a classifier) must agree within <see cref="Tolerance"/>.
/// </summary>
internal static class OnnxExport
{
    public const double Tolerance = 1e-4;
    private const int MaxCheckedRows = 500;

    public static (byte[]? Onnx, string? Problem) Export(ReadOnlyMemory<byte> zip, IDataView? checkRows)
    {
        if (checkRows is null) return (null, "No test rows came with this version to check an ONNX export against.");
        var ml = ModelLoading.CreateContext();
        ITransformer model;
        byte[] onnx;
        try
        {
            using (var stream = new MemoryStream(zip.ToArray(), writable: false)) model = ml.Model.Load(stream, out _);
            using var exported = new MemoryStream();
            ml.Model.ConvertToOnnx(model, checkRows, exported);
            onnx = exported.ToArray();
        }
        // The converter throws whatever its transforms throw for what they cannot express in ONNX.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return (null, $"The model's transforms cannot be exported to ONNX: {e.Message}");
        }

        var rows = ml.Data.TakeRows(checkRows, MaxCheckedRows);
        try
        {
            return Compare(onnx, model.Transform(rows), rows) is { } problem ? (null, problem) : (onnx, null);
        }
        catch (OnnxRuntimeException e)
        {
            return (null, $"ONNX Runtime cannot run the exported model: {e.Message}");
        }
    }

    private static string? Compare(byte[] onnx, IDataView scored, IDataView rows)
    {
        var column = scored.Schema.GetColumnOrNull("Probability") ?? scored.Schema.GetColumnOrNull("Score");
        if (column is null) return "The model has no Score column to compare an export with.";
        var expected = ReadScores(scored, column.Value);
        using var session = new InferenceSession(onnx);
        var output = $"{column.Value.Name}.output";
        if (!session.OutputMetadata.ContainsKey(output)) return $"The export has no '{output}' output.";
        var inputs = session.InputMetadata.Keys.ToArray();
        var columns = new Dictionary<string, object[]>(StringComparer.Ordinal);
        foreach (var name in inputs)
        {
            if (rows.Schema.GetColumnOrNull(name) is not { } source) return $"The export takes '{name}', which the check rows lack.";
            if (ReadColumn(rows, source) is not { } values) return $"The export takes '{name}' of type {source.Type}, which the check cannot feed.";
            columns[name] = values;
        }

        for (var r = 0; r < expected.Count; r++)
        {
            var values = inputs.Select(name => Single(columns[name][r])).ToArray();
            try
            {
                using var results = session.Run(new RunOptions(), inputs, values, [output]);
                var actual = results[0].GetTensorDataAsSpan<float>();
                for (var i = 0; i < expected[r].Length; i++)
                {
                    var same = i < actual.Length && (float.IsNaN(expected[r][i]) ? float.IsNaN(actual[i]) : Math.Abs(actual[i] - expected[r][i]) <= Tolerance);
                    if (!same)
                        return $"The export's {column.Value.Name} differs from the model's on test row {r} by more than {Tolerance}.";
                }
            }
            finally
            {
                foreach (var value in values) value.Dispose();
            }
        }

        return null;
    }

    private static OrtValue Single(object value) => value switch
    {
        float number => OrtValue.CreateTensorValueFromMemory(new[] { number }, [1, 1]),
        bool flag => OrtValue.CreateTensorValueFromMemory(new[] { flag }, [1, 1]),
        _ => StringValue((string)value),
    };

    private static OrtValue StringValue(string text)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]);
        value.StringTensorSetElementAt(text.AsSpan(), 0);
        return value;
    }

    private static object[]? ReadColumn(IDataView rows, DataViewSchema.Column column)
    {
        var values = new List<object>();
        using var cursor = rows.GetRowCursor([column]);
        if (column.Type == NumberDataViewType.Single)
        {
            var get = cursor.GetGetter<float>(column);
            var value = 0f;
            while (cursor.MoveNext())
            {
                get(ref value);
                values.Add(value);
            }
        }
        else if (column.Type == BooleanDataViewType.Instance)
        {
            var get = cursor.GetGetter<bool>(column);
            var value = false;
            while (cursor.MoveNext())
            {
                get(ref value);
                values.Add(value);
            }
        }
        else if (column.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            var value = ReadOnlyMemory<char>.Empty;
            while (cursor.MoveNext())
            {
                get(ref value);
                values.Add(value.ToString());
            }
        }
        else
        {
            return null;
        }

        return [.. values];
    }

    private static List<float[]> ReadScores(IDataView scored, DataViewSchema.Column column)
    {
        var scores = new List<float[]>();
        using var cursor = scored.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            var value = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                get(ref value);
                scores.Add(value.DenseValues().ToArray());
            }
        }
        else
        {
            var get = cursor.GetGetter<float>(column);
            var value = 0f;
            while (cursor.MoveNext())
            {
                get(ref value);
                scores.Add([value]);
            }
        }

        return scores;
    }
}
