using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MlOps.Modules.Monitoring.Log;

/// <summary>
/// The log's JSON columns (inputs, probabilities), written with one reusable buffer per thread as entries are queued and read
/// back as plain values: numbers as <see cref="double"/>, text as <see cref="string"/>, missing as null.
/// </summary>
internal sealed class LogJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public LogJson() => _writer = new Utf8JsonWriter(_buffer);

    public string Write(IReadOnlyDictionary<string, object?> values)
    {
        Reset();
        _writer.WriteStartObject();
        foreach (var (name, value) in values)
        {
            _writer.WritePropertyName(name);
            WriteValue(value);
        }

        return Finish();
    }

    public string Write(IReadOnlyDictionary<string, double> values)
    {
        Reset();
        _writer.WriteStartObject();
        foreach (var (name, value) in values) _writer.WriteNumber(name, value);
        return Finish();
    }

    public static Dictionary<string, object?> ReadValues(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }

    public static Dictionary<string, double> ReadNumbers(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _writer.WriteNullValue();
                break;
            case string text:
                _writer.WriteStringValue(text);
                break;
            case float number when float.IsFinite(number):
                _writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                _writer.WriteNumberValue(number);
                break;
            case float or double:
                _writer.WriteNullValue();
                break;
            case bool flag:
                _writer.WriteBooleanValue(flag);
                break;
            default:
                JsonSerializer.Serialize(_writer, value, value.GetType());
                break;
        }
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private string Finish()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
