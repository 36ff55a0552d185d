using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Statistics;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Pipeline.Datasets.Schema;

/// <summary>
/// Reads a CSV with a header row twice: the first pass profiles every column and infers its type,
/// the second bins numeric columns once their range is known.
/// </summary>
internal static class CsvAnalyzer
{
    public const int PreviewRows = 100;

    public static async Task<DatasetAnalysis> AnalyzeAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var (header, profiles, preview, rows) = await ProfileAsync(content, cancellationToken);
        var types = profiles.Select(p => p.InferType()).ToArray();

        var histograms = new Dictionary<int, HistogramBuilder>();
        for (var i = 0; i < profiles.Length; i++)
        {
            if (types[i] == ColumnType.Numeric) histograms[i] = new HistogramBuilder(profiles[i].Moments.Min, profiles[i].Moments.Max);
        }

        if (histograms.Count > 0)
        {
            content.Position = 0;
            await foreach (var (record, _) in CsvSource.ReadAsync(content, cancellationToken).Skip(1))
            {
                foreach (var (index, histogram) in histograms)
                {
                    if (ColumnProfile.TryParseNumber(record[index].Trim(), out var value)) histogram.Add(value);
                }
            }
        }

        var columns = profiles.Select((p, i) => new DatasetColumn(p.Name, types[i], p.Missing, p.Distinct)).ToArray();
        var statistics = profiles.Select((p, i) => Summarise(p, types[i], histograms.GetValueOrDefault(i))).ToArray();
        return new DatasetAnalysis(DatasetKind.Tabular, rows, columns, null, statistics, null, new DatasetPreview(header, preview), null);
    }

    private static ColumnStatistics Summarise(ColumnProfile profile, ColumnType type, HistogramBuilder? histogram) => type switch
    {
        ColumnType.Numeric => new ColumnStatistics(profile.Name, type, profile.Count, profile.Missing, profile.Distinct,
            profile.Moments.Min, profile.Moments.Max, profile.Moments.Mean, profile.Moments.StandardDeviation, histogram?.Build()),
        ColumnType.Categorical or ColumnType.Boolean => new ColumnStatistics(profile.Name, type, profile.Count, profile.Missing, profile.Distinct,
            Frequencies: profile.Frequencies()),
        _ => new ColumnStatistics(profile.Name, type, profile.Count, profile.Missing, profile.Distinct),
    };

    private static async Task<(string[] Header, ColumnProfile[] Profiles, List<IReadOnlyDictionary<string, string?>> Preview, int Rows)> ProfileAsync(
        Stream content, CancellationToken cancellationToken)
    {
        string[]? header = null;
        ColumnProfile[] profiles = [];
        var preview = new List<IReadOnlyDictionary<string, string?>>();
        var rows = 0;
        await foreach (var (record, line) in CsvSource.ReadAsync(content, cancellationToken))
        {
            if (header is null)
            {
                header = CheckHeader(record);
                profiles = header.Select(name => new ColumnProfile(name)).ToArray();
                continue;
            }

            if (record.Length != header.Length)
            {
                throw new DatasetRejectedException(
                    $"Line {line} has {record.Length} field{(record.Length == 1 ? "" : "s")} but the header names {header.Length} columns; every row needs one value per column (leave a field empty when the value is missing).");
            }

            rows++;
            for (var i = 0; i < record.Length; i++) profiles[i].Add(record[i]);
            if (preview.Count < PreviewRows)
                preview.Add(header.Select((name, i) => (name, value: record[i].Trim())).ToDictionary(c => c.name, c => c.value.Length == 0 ? null : c.value));
        }

        if (header is null) throw new DatasetRejectedException("The file holds no header row: the first line of a CSV must name its columns.");
        if (rows == 0) throw new DatasetRejectedException("The file has a header row but no data rows.");
        return (header, profiles, preview, rows);
    }

    private static string[] CheckHeader(string[] header)
    {
        var names = header.Select(h => h.Trim()).ToArray();
        if (names.Length < 2)
            throw new DatasetRejectedException($"The file has a single column ('{names[0]}'); a dataset needs at least two columns separated by commas, e.g. features and a label.");
        var blank = Array.FindIndex(names, n => n.Length == 0);
        if (blank >= 0) throw new DatasetRejectedException($"Column {blank + 1} of the header row has no name: the first line of a CSV must name every column.");
        if (names.All(n => ColumnProfile.TryParseNumber(n, out _)))
            throw new DatasetRejectedException("The first line holds only numbers, so the file has no header row: add a first line naming the columns.");
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DatasetRejectedException($"The header names the column '{duplicate.Key}' more than once; column names must be unique.");
        return names;
    }
}
