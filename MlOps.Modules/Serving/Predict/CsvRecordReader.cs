using System.Text;

namespace MlOps.Modules.Serving.Predict;

/// <summary>Reads RFC 4180 CSV one record at a time (quoted fields, doubled quotes, line breaks inside quotes), asynchronously.</summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();

    public async Task<string[]?> ReadAsync(CancellationToken cancellationToken)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync(cancellationToken);
            if (line is null) return null;
        }
        while (line.Length == 0);

        var fields = new List<string>();
        var quoted = false;
        _field.Clear();
        while (true)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c != '"') _field.Append(c);
                    else if (i + 1 < line.Length && line[i + 1] == '"') _field.Append(line[++i]);
                    else quoted = false;
                }
                else if (c == '"') quoted = true;
                else if (c == ',')
                {
                    fields.Add(_field.ToString());
                    _field.Clear();
                }
                else _field.Append(c);
            }

            if (!quoted) break;
            line = await reader.ReadLineAsync(cancellationToken);
            if (line is null) break;
            _field.Append('\n');
        }

        fields.Add(_field.ToString());
        return fields.ToArray();
    }

    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
