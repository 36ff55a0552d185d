// The batch benchmark's helper: "generate" writes a penguins-shaped CSV of any length from per-column
// distributions of the sample (fixed seed); "score" is the baseline, ML.NET's own LoadFromTextFile → Transform →
// SaveAsText on a registered model's zip: a warm-up pass over a small file (the JIT optimizes hot code only
// after it has run a while; MlOps gets the same warm-up job), then the timed pass, printing rows/s.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

return args switch
{
    ["generate", var sample, var rows, var output] => Generate(sample, long.Parse(rows, CultureInfo.InvariantCulture), output),
    ["score", var model, var warmUp, var input, var output] => Score(model, warmUp, input, output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate <sample.csv> <rows> <out.csv> | score <model.zip> <warm-up.csv> <in.csv> <out.csv>");
    return 2;
}

static int Generate(string samplePath, long rows, string outputPath)
{
    var sample = File.ReadAllLines(samplePath);
    var header = sample[0].Split(',');
    var records = sample.Skip(1).Select(line => line.Split(',')).ToList();
    var columns = Enumerable.Range(0, header.Length).Select(i => ColumnModel.Of(records.Select(r => r[i]).ToList())).ToArray();
    var random = new Random(20261123);
    using var writer = new StreamWriter(outputPath, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
    writer.Write(sample[0]);
    writer.Write('\n');
    Span<char> field = stackalloc char[32];
    for (long r = 0; r < rows; r++)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (c > 0) writer.Write(',');
            columns[c].Write(random, writer, field);
        }

        writer.Write('\n');
    }

    Console.WriteLine($"wrote {rows:N0} rows to {outputPath}");
    return 0;
}

static int Score(string modelPath, string warmUpPath, string inputPath, string outputPath)
{
    var ml = new MLContext(seed: 1);
    ml.ComponentCatalog.RegisterAssembly(typeof(Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer).Assembly);
    ml.ComponentCatalog.RegisterAssembly(typeof(Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer).Assembly);
    var model = ml.Model.Load(modelPath, out var inputSchema);
    LoadTransformSave(ml, model, inputSchema, warmUpPath, outputPath);

    var clock = Stopwatch.StartNew();
    LoadTransformSave(ml, model, inputSchema, inputPath, outputPath);
    var seconds = clock.Elapsed.TotalSeconds;
    var rows = File.ReadLines(outputPath).LongCount() - 1;
    Console.WriteLine(FormattableString.Invariant($"baseline rows={rows} seconds={seconds:0.000} rows_per_s={rows / seconds:0}"));
    return 0;
}

static void LoadTransformSave(MLContext ml, ITransformer model, DataViewSchema inputSchema, string inputPath, string outputPath)
{
    var header = File.ReadLines(inputPath).First().Split(',');
    var columns = header.Select((name, index) => new TextLoader.Column(name,
        inputSchema.GetColumnOrNull(name)?.Type == NumberDataViewType.Single ? DataKind.Single : DataKind.String, index)).ToArray();
    var data = ml.Data.LoadFromTextFile(inputPath, columns, separatorChar: ',', hasHeader: true, allowQuoting: true, trimWhitespace: true);
    var scored = model.Transform(data);
    var outputs = new[] { "PredictedLabel", "Score", "Probability" }.Where(name => scored.Schema.GetColumnOrNull(name) is not null);
    // The same columns MlOps writes: the inputs, then the prediction.
    var kept = ml.Transforms.SelectColumns([.. header, .. outputs]).Fit(scored).Transform(scored);
    using var output = File.Create(outputPath);
    ml.Data.SaveAsText(kept, output, separatorChar: ',', headerRow: true, schema: false);
}

/// <summary>A column of the sample: its share of empty values, then categories by frequency or a normal distribution of numbers.</summary>
sealed class ColumnModel(double missing, string[]? categories, double mean, double deviation, int decimals)
{
    public static ColumnModel Of(IReadOnlyList<string> values)
    {
        var present = values.Where(v => v.Length > 0).ToList();
        var missing = 1 - (double)present.Count / values.Count;
        if (!present.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            return new ColumnModel(missing, [.. present], 0, 0, 0);
        var numbers = present.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var mean = numbers.Average();
        var deviation = Math.Sqrt(numbers.Sum(n => (n - mean) * (n - mean)) / numbers.Count);
        var decimals = present.Max(v => v.Contains('.') ? v.Length - v.IndexOf('.') - 1 : 0);
        return new ColumnModel(missing, null, mean, deviation, decimals);
    }

    public void Write(Random random, StreamWriter writer, Span<char> field)
    {
        if (random.NextDouble() < missing) return;
        if (categories is not null)
        {
            writer.Write(categories[random.Next(categories.Length)]);
            return;
        }

        // Box–Muller: a normal sample from two uniform ones.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var value = Math.Round(mean + deviation * normal, decimals);
        value.TryFormat(field, out var written, decimals == 0 ? "0" : "0." + new string('#', decimals), CultureInfo.InvariantCulture);
        writer.Write(field[..written]);
    }
}
