using System.Runtime.CompilerServices;
using System.Text;

namespace MlOps.Modules.Pipeline.Datasets.Schema;

/// <summary>
/// RFC 4180 records: comma-separated, fields optionally in double quotes (which may hold commas,
/// line breaks and doubled quotes), any line ending. Each record comes with the line it starts on,
/// so a rejection can say where the problem is. Blank lines are skipped.
/// </summary>
internal static class CsvRecordReader
{
    public static async IAsyncEnumerable<(string[] Record, int Line)> ReadAsync(
        Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true,
            bufferSize: 65536, leaveOpen: true);
        var buffer = new char[65536];
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var afterQuote = false;
        var fieldStarted = false;
        var previous = '\0';

        while (true)
        {
            int read;
            try
            {
                read = await reader.ReadAsync(buffer, cancellationToken);
            }
            catch (DecoderFallbackException)
            {
                throw new DatasetRejectedException($"The file is not valid UTF-8 text near line {line}; save the CSV as UTF-8.");
            }

            if (read == 0) break;
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                var crlf = c == '\n' && previous == '\r';
                previous = c;
                if (quoted)
                {
                    if (c == '"')
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                    else
                    {
                        if (c == '\n' && !crlf || c == '\r') line++;
                        field.Append(c);
                    }

                    continue;
                }

                if (crlf) continue;
                switch (c)
                {
                    case '"' when afterQuote:
                        field.Append('"');
                        quoted = true;
                        afterQuote = false;
                        break;
                    case '"' when !fieldStarted:
                        quoted = true;
                        fieldStarted = true;
                        break;
                    case '"':
                        throw new DatasetRejectedException(
                            $"Line {line} has a quote inside an unquoted field; wrap the field in double quotes and double any quote inside it.");
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldStarted = afterQuote = false;
                        break;
                    case '\r' or '\n':
                        if (fields.Count > 0 || fieldStarted)
                        {
                            fields.Add(field.ToString());
                            yield return ([.. fields], recordLine);
                        }

                        fields.Clear();
                        field.Clear();
                        fieldStarted = afterQuote = false;
                        line++;
                        recordLine = line;
                        break;
                    default:
                        if (afterQuote)
                            throw new DatasetRejectedException($"Line {line} has text after a closing quote; a quoted field must end at a comma or the end of the line.");
                        field.Append(c);
                        fieldStarted = true;
                        break;
                }
            }
        }

        if (quoted) throw new DatasetRejectedException($"Line {recordLine} opens a quoted field that never closes.");
        if (fields.Count > 0 || fieldStarted)
        {
            fields.Add(field.ToString());
            yield return ([.. fields], recordLine);
        }
    }
}
