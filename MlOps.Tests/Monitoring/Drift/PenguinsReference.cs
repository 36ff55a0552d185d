using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Drift;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Monitoring.Drift;

/// <summary>Penguins uploaded through the API and sampled by the Pipeline as drift detection reads it, with traffic drawn from it.</summary>
public sealed class PenguinsReference : IAsyncLifetime
{
    public const string Label = "Species";

    public static readonly string[] Features = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"];

    private readonly MlOpsFactory _factory = new();

    public ReferenceSample Sample { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var admin = _factory.CreateAdminClient();
        await PipelineApi.UploadAsync(admin, "penguins-reference", "penguins.csv");
        using var scope = _factory.Services.CreateScope();
        Sample = (await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>()
            .GetReferenceSampleAsync("penguins-reference", null, DriftAnalyzer.ReferenceSampleRows, CancellationToken.None))!;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>
    /// Training rows drawn with replacement and a fixed seed, logged as Serving logs them (numbers as boxed floats),
    /// with numeric columns moved by a number of their reference (population) standard deviations; the prediction is the true species.
    /// </summary>
    public (List<IReadOnlyDictionary<string, object?>> Inputs, List<object?> Predictions) Traffic(int rows, int seed, params (string Column, double StandardDeviations)[] shifts)
    {
        var random = new Random(seed);
        var moves = shifts.ToDictionary(s => s.Column, s => s.StandardDeviations * StandardDeviation(s.Column));
        var inputs = new List<IReadOnlyDictionary<string, object?>>(rows);
        var predictions = new List<object?>(rows);
        for (var i = 0; i < rows; i++)
        {
            var row = random.Next(Sample.SampledRows);
            inputs.Add(Features.ToDictionary(name => name, name => Sample.Column(name)!.Numbers is { } numbers
                ? numbers[row] is { } number ? (object)(float)(number + moves.GetValueOrDefault(name)) : null
                : Sample.Column(name)!.Values![row]));
            predictions.Add(Sample.Column(Label)!.Values![row]);
        }

        return (inputs, predictions);
    }

    private double StandardDeviation(string column)
    {
        var values = Sample.Column(column)!.Numbers!.OfType<double>().ToArray();
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
