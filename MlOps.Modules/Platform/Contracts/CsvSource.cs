using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace MlOps.Modules.Platform.Contracts;

/// <summary>
/// The product's one CSV reader, over CsvHelper: RFC 4180 with commas, UTF-8, blank lines skipped, values as
/// written (no trimming), and the same limits and messages for dataset uploads, predict requests, batch sources
/// and the pages. Malformed quoting is refused rather than guessed at, naming the line it starts on.
/// </summary>
public static class CsvSource
{
    /// <summary>A record longer than this is refused before it is buffered: an unclosed quote cannot swallow a large file.</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = false,
        DetectSeparatorHint = false,
        TrimWhitespace = false,
        TrackLineNumbers = true,
        MaxRecordSize = MaxRecordBytes,
        MalformedData = CsvMalformedDataHandling.Recover,
        OnMalformedRecord = Refuse,
    };

    /// <summary>Records one at a time from <paramref name="content"/>, which stays open.</summary>
    public static CsvRows Open(Stream content) => new(CsvReader.Create(content, Options, leaveOpen: true));

    /// <summary>Each record with the 1-based line it starts on.</summary>
    /// <exception cref="InvalidDataException">The text is not CSV; the message names the line and what to fix.</exception>
    public static async IAsyncEnumerable<(string[] Record, int Line)> ReadAsync(Stream content, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var rows = Open(content);
        while (await rows.ReadAsync(cancellationToken)) yield return (rows.Record(), rows.Line);
    }

    /// <summary>The records of CSV text already in memory.</summary>
    /// <exception cref="InvalidDataException">The text is not CSV; the message names the line and what to fix.</exception>
    public static IReadOnlyList<string[]> Read(string text)
    {
        using var rows = new CsvRows(CsvReader.Create(Encoding.UTF8.GetBytes(text), Options));
        var records = new List<string[]>();
        while (rows.Read()) records.Add(rows.Record());
        return records;
    }

    private static void Refuse(CsvMalformedRecord record) => throw new InvalidDataException(record.Reason switch
    {
        CsvMalformedReason.StrayQuote =>
            $"Line {record.LineNumber} has a quote inside an unquoted field; wrap the field in double quotes and double any quote inside it.",
        CsvMalformedReason.TextAfterClosingQuote =>
            $"Line {record.LineNumber} has text after a closing quote; a quoted field must end at a comma or the end of the line.",
        CsvMalformedReason.UnterminatedQuote => $"Line {record.LineNumber} opens a quoted field that never closes.",
        _ => $"Line {record.LineNumber} is not valid CSV ({record.Reason}).",
    });
}

/// <summary>The records of one CSV, read in turn; a record's values are valid until the next read.</summary>
public sealed class CsvRows : IDisposable
{
    private readonly CsvReader _reader;

    internal CsvRows(CsvReader reader) => _reader = reader;

    /// <summary>The 1-based line the current record starts on.</summary>
    public int Line => (int)_reader.LineNumber;

    public int FieldCount => _reader.FieldCount;

    /// <summary>The current record as written, UTF-8, without its line break.</summary>
    public ReadOnlySpan<byte> Raw => _reader.RawRecord;

    /// <exception cref="InvalidDataException">The text is not CSV; the message names the line and what to fix.</exception>
    public bool Read()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvFormatException error)
        {
            throw Problem(error);
        }
    }

    /// <inheritdoc cref="Read"/>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _reader.ReadAsync(cancellationToken);
        }
        catch (CsvFormatException error)
        {
            throw Problem(error);
        }
    }

    public string[] Record()
    {
        var record = new string[_reader.FieldCount];
        for (var i = 0; i < record.Length; i++) record[i] = _reader.GetString(i);
        return record;
    }

    public void Dispose() => _reader.Dispose();

    private static InvalidDataException Problem(CsvFormatException error) => new(error.Message, error);
}
