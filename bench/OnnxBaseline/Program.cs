using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;

// The hand-written ONNX Runtime loop bench/onnx.sh holds MlOps's batch scoring against, and the rows it scores.
// generate <iris.csv> <rows> <out.csv>: the sample's rows over and over.
// score <model.onnx> <rows.csv> <out.csv>: each row followed by its label and class probabilities, 2,048 rows per call.
string[] labels = ["setosa", "versicolor", "virginica"];
switch (args)
{
    case ["generate", var sample, var count, var output]:
    {
        var lines = File.ReadAllLines(sample);
        using var writer = new StreamWriter(output);
        writer.WriteLine(string.Join(',', lines[0].Split(',')[..4]));
        for (var i = 0; i < int.Parse(count, CultureInfo.InvariantCulture); i++)
            writer.WriteLine(string.Join(',', lines[1 + i % (lines.Length - 1)].Split(',')[..4]));
        break;
    }
    case ["score", var model, var rows, var output]:
    {
        var watch = Stopwatch.StartNew();
        using var session = new InferenceSession(model);
        using var reader = new StreamReader(rows);
        using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine($"{reader.ReadLine()},prediction,{string.Join(',', labels.Select(l => $"probability_{l}"))}");
        const int block = 2048;
        var input = new float[block * 4];
        var lines = new string[block];
        long count = 0;
        while (true)
        {
            var n = 0;
            while (n < block && reader.ReadLine() is { } line)
            {
                lines[n] = line;
                var fields = line.Split(',');
                for (var c = 0; c < 4; c++) input[n * 4 + c] = float.Parse(fields[c], CultureInfo.InvariantCulture);
                n++;
            }

            if (n == 0) break;
            using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, n * 4), [n, 4]);
            using var results = session.Run(new RunOptions(), ["input"], [tensor], ["probabilities"]);
            var scores = results[0].GetTensorDataAsSpan<float>();
            for (var r = 0; r < n; r++)
            {
                var p = scores.Slice(r * 3, 3);
                var best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
                writer.Write(lines[r]);
                writer.Write(',');
                writer.Write(labels[best]);
                for (var c = 0; c < 3; c++)
                {
                    writer.Write(',');
                    writer.Write(p[c].ToString("0.######", CultureInfo.InvariantCulture));
                }

                writer.Write('\n');
            }

            count += n;
        }

        writer.Flush();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"baseline rows={count} seconds={seconds:F3} rows_per_s={count / seconds:F0} peak_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}");
        break;
    }
    default:
        Console.Error.WriteLine("usage: generate <iris.csv> <rows> <out.csv> | score <model.onnx> <rows.csv> <out.csv>");
        return 1;
}

return 0;
