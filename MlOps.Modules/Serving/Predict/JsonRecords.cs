using System.Text.Json;

namespace MlOps.Modules.Serving.Predict;

/// <summary>
/// <c>{"records":[{..}]}</c>, MLflow's <c>{"dataframe_records":[{..}]}</c> and
/// <c>{"dataframe_split":{"columns":[..],"data":[[..]]}}</c>.
/// </summary>
internal static class JsonRecords
{
    public static IRecordSet? From(JsonElement body, out string? problem)
    {
        problem = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = "The body must be a JSON object with 'records', 'dataframe_records' or 'dataframe_split'.";
            return null;
        }

        if (body.TryGetProperty("records", out var records) || body.TryGetProperty("dataframe_records", out records))
            return ObjectRecords.From(records, out problem);
        if (body.TryGetProperty("dataframe_split", out var split))
            return SplitRecords.From(split, out problem);
        problem = "The body must hold 'records', 'dataframe_records' or 'dataframe_split'.";
        return null;
    }

    public static IRecordSet? FromArray(JsonElement records, out string? problem) => ObjectRecords.From(records, out problem);

    public static RawValue Read(JsonElement value) => value.ValueKind switch
    {
        // A number beyond double's range (1e400) has no double value; it reaches the binder as an infinity, which it refuses.
        JsonValueKind.Number => new RawValue(RawKind.Number, value.TryGetDouble(out var number) ? number : double.PositiveInfinity, value.GetRawText()),
        JsonValueKind.String => new RawValue(RawKind.String, 0, value.GetString()),
        JsonValueKind.True => new RawValue(RawKind.Boolean, 1),
        JsonValueKind.False => new RawValue(RawKind.Boolean, 0),
        JsonValueKind.Null => RawValue.Null,
        _ => new RawValue(RawKind.Structure, 0, value.GetRawText()),
    };

    private sealed class ObjectRecords(JsonElement[] rows) : IRecordSet
    {
        public int Count => rows.Length;

        public static ObjectRecords? From(JsonElement records, out string? problem)
        {
            problem = null;
            if (records.ValueKind != JsonValueKind.Array || records.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.Object))
            {
                problem = "Records must be an array of objects mapping column names to values.";
                return null;
            }

            return new ObjectRecords([.. records.EnumerateArray()]);
        }

        public RawValue Get(int row, string column) =>
            rows[row].TryGetProperty(column, out var value) ? Read(value) : RawValue.Missing;
    }

    private sealed class SplitRecords(Dictionary<string, int> columns, JsonElement[][] rows) : IRecordSet
    {
        public int Count => rows.Length;

        public static SplitRecords? From(JsonElement split, out string? problem)
        {
            problem = "dataframe_split must hold 'columns' (names) and 'data' (rows of values in that order).";
            if (split.ValueKind != JsonValueKind.Object
                || !split.TryGetProperty("columns", out var names) || names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String)
                || !split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.Array))
                return null;
            problem = null;
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (name, index) in names.EnumerateArray().Select((n, i) => (n.GetString()!, i))) columns.TryAdd(name, index);
            return new SplitRecords(columns, [.. data.EnumerateArray().Select(r => r.EnumerateArray().ToArray())]);
        }

        public RawValue Get(int row, string column) =>
            columns.TryGetValue(column, out var index) && index < rows[row].Length ? Read(rows[row][index]) : RawValue.Missing;
    }
}
