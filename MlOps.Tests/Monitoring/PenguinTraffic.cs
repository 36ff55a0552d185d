using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Drift;
using MlOps.Modules.Pipeline.Contracts;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

/// <summary>Predict traffic drawn from the penguins training data, optionally with columns moved, for drift with a known answer.</summary>
internal static class PenguinTraffic
{
    public const int RecordsPerRequest = 50;

    public static readonly string[] Inputs = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];

    public static async Task<ReferenceSample> ReferenceAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>()
            .GetReferenceSampleAsync("penguins", null, DriftAnalyzer.ReferenceSampleRows, CancellationToken.None))!;
    }

    /// <summary>
    /// Training rows drawn with replacement, <see cref="RecordsPerRequest"/> per request (ids <c>{name}-0</c>, <c>{name}-1</c>, …),
    /// the <paramref name="shifted"/> columns moved up by one standard deviation.
    /// </summary>
    public static async Task SendAsync(HttpClient client, string model, ReferenceSample reference, string name, int seed, int requests, params string[] shifted)
    {
        var random = new Random(seed);
        var moves = shifted.ToDictionary(c => c, c => StandardDeviation(reference.Column(c)!.Numbers!));
        for (var request = 0; request < requests; request++)
        {
            var records = Enumerable.Range(0, RecordsPerRequest).Select(_ =>
            {
                var row = random.Next(reference.SampledRows);
                return Inputs.ToDictionary(c => c, c => reference.Column(c)!.Numbers is { } numbers
                    ? numbers[row] is { } number ? (object?)(number + moves.GetValueOrDefault(c)) : null
                    : reference.Column(c)!.Values![row]);
            }).ToArray();
            await PredictOkAsync(client, model, $"{name}-{request}", "", records);
        }
    }

    private static double StandardDeviation(IReadOnlyList<double?> values)
    {
        var present = values.OfType<double>().ToList();
        var mean = present.Average();
        return Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / present.Count);
    }
}
