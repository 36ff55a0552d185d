using System.Globalization;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Statistics;

namespace MlOps.Modules.Pipeline.Datasets.Schema;

/// <summary>What one pass over a CSV column learns: enough to choose its type and summarise it.</summary>
internal sealed class ColumnProfile(string name)
{
    public const int MaxCategories = 50;

    // Distinct values are counted exactly up to this many; beyond it the count is a lower bound, which keeps memory bounded.
    private const int MaxTrackedValues = 100_000;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy/MM/dd",
    ];

    private readonly Dictionary<string, int> _values = new(StringComparer.Ordinal);
    private bool _allNumeric = true;
    private bool _allBoolean = true;
    private bool _allDates = true;

    public string Name { get; } = name;
    public int Count { get; private set; }
    public int Missing { get; private set; }
    public RunningMoments Moments { get; } = new();
    public int Distinct => _values.Count;

    public void Add(string raw)
    {
        Count++;
        var value = raw.Trim();
        if (value.Length == 0)
        {
            Missing++;
            return;
        }

        if (_values.TryGetValue(value, out var seen)) _values[value] = seen + 1;
        else if (_values.Count < MaxTrackedValues) _values[value] = 1;

        if (_allNumeric && TryParseNumber(value, out var number)) Moments.Add(number);
        else _allNumeric = false;
        _allBoolean = _allBoolean && bool.TryParse(value, out _);
        _allDates = _allDates && DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
    }

    public ColumnType InferType()
    {
        var present = Count - Missing;
        if (present == 0) return ColumnType.Text;
        if (_allBoolean) return ColumnType.Boolean;
        if (_allNumeric) return ColumnType.Numeric;
        if (_allDates) return ColumnType.Date;
        // A value repeated on average at least twice, among few values, is a category; mostly unique strings are free text.
        return Distinct <= MaxCategories && Distinct * 2 <= present ? ColumnType.Categorical : ColumnType.Text;
    }

    public IReadOnlyDictionary<string, int> Frequencies() =>
        _values.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => v.Value);

    public static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}
