using System.Globalization;
using System.Text.Json;

namespace MlOps.Modules.Monitoring.Drift;

/// <summary>
/// One column of logged traffic, held as numbers or as text (null where missing) and read as whichever the reference
/// column needs: text that parses as a number counts as one, numbers compare as text in their shortest round-trip form.
/// </summary>
internal sealed class CurrentColumn
{
    private readonly double?[]? _numbers;
    private readonly string?[]? _texts;

    private CurrentColumn(double?[]? numbers, string?[]? texts) => (_numbers, _texts) = (numbers, texts);

    public static CurrentColumn Of(double?[] numbers) => new(numbers, null);

    public static CurrentColumn Of(string?[] texts) => new(null, texts);

    /// <summary>
    /// Values as Serving logs them (boxed <see cref="float"/>, <see cref="string"/>, null) or as they come back from
    /// JSON (<see cref="JsonElement"/>, <see cref="double"/>): numbers when every present value is one, else text.
    /// </summary>
    public static CurrentColumn FromValues(IReadOnlyList<object?> values)
    {
        var read = values.Select(Read).ToArray();
        return read.All(v => v.Text is null)
            ? Of(Array.ConvertAll(read, v => v.Number))
            : Of(Array.ConvertAll(read, v => v.Text ?? v.Number?.ToString("R", CultureInfo.InvariantCulture)));
    }

    public double[] PresentNumbers() => _numbers is not null
        ? _numbers.Where(n => n is { } value && double.IsFinite(value)).Select(n => n!.Value).ToArray()
        : _texts!.Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : (double?)null)
            .Where(n => n.HasValue).Select(n => n!.Value).ToArray();

    public string[] PresentTexts() => _texts is not null
        ? _texts.Select(t => t?.Trim()).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToArray()
        : _numbers!.Where(n => n.HasValue).Select(n => n!.Value.ToString("R", CultureInfo.InvariantCulture)).ToArray();

    private static (double? Number, string? Text) Read(object? value) => value switch
    {
        null => (null, null),
        // A float widened directly turns 0.1f into 0.100000001490116; its shortest text reads back as the 0.1 the
        // training CSV holds, so values that were equal stay equal.
        float f => (float.IsFinite(f) ? double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null, null),
        double d => (double.IsFinite(d) ? d : null, null),
        int or long or short or byte or decimal => (Convert.ToDouble(value, CultureInfo.InvariantCulture), null),
        bool b => (null, b ? "true" : "false"),
        string s => (null, s),
        JsonElement { ValueKind: JsonValueKind.Number } element => (element.GetDouble(), null),
        JsonElement { ValueKind: JsonValueKind.String } element => (null, element.GetString()),
        JsonElement { ValueKind: JsonValueKind.True } => (null, "true"),
        JsonElement { ValueKind: JsonValueKind.False } => (null, "false"),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => (null, null),
        _ => (null, Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
