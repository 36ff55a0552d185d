using System.Globalization;

namespace MlOps.Modules.Serving.Predict;

/// <summary>Records built in code (the Predict page): CLR values by column name.</summary>
internal sealed class DictionaryRecords(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) : IRecordSet
{
    public int Count => rows.Count;

    public RawValue Get(int row, string column) => !rows[row].TryGetValue(column, out var value) ? RawValue.Missing : value switch
    {
        null => RawValue.Null,
        string text => new RawValue(RawKind.String, 0, text),
        bool flag => new RawValue(RawKind.Boolean, flag ? 1 : 0),
        DateTime date => new RawValue(RawKind.String, 0, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        IConvertible number => new RawValue(RawKind.Number, number.ToDouble(CultureInfo.InvariantCulture), number.ToString(CultureInfo.InvariantCulture)),
        _ => new RawValue(RawKind.Structure, 0, value.ToString()),
    };
}
