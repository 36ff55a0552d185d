using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Monitoring.Drift;
using MlOps.Modules.Pipeline.Contracts;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

/// <summary>Drift through the whole path: predictions over HTTP, the log, the training data's reference sample, the report.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class DriftApiTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;
    private static readonly string[] Inputs = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"];

    [Fact]
    public async Task Resampled_training_rows_do_not_drift_and_two_shifted_columns_do()
    {
        var reference = await ReferenceAsync();
        var calm = DateTime.UtcNow;
        await SendAsync(reference, "calm", seed: 7);
        await Task.Delay(5); // stored times are whole milliseconds: keep the two windows apart
        var shifted = DateTime.UtcNow;
        await Task.Delay(5);
        await SendAsync(reference, "shifted", seed: 8, "Beak Length (mm)", "Flipper Length (mm)");

        var before = await WaitForAsync<DriftReport>(fixture.Admin, DriftUrl(calm, shifted), r => r.Current.Rows == 200);
        var after = await WaitForAsync<DriftReport>(fixture.Admin, DriftUrl(shifted, DateTime.UtcNow.AddMinutes(1)), r => r.Current.Rows == 200);

        Assert.Equal(("penguins", 344), (before.Reference.Dataset, before.Reference.Rows));
        Assert.Equal(Inputs, before.Features.Select(f => f.Name));
        Assert.False(before.DatasetDrift, Describe(before));
        Assert.DoesNotContain(before.Features, f => f.Test == DriftTest.KolmogorovSmirnov && f.Drifted);
        Assert.NotNull(before.Prediction);
        Assert.True(after.Features.Where(f => f.Drifted && f.Type == DriftColumnType.Numeric).Select(f => f.Name).SequenceEqual(["Beak Length (mm)", "Flipper Length (mm)"]), Describe(after));
        Assert.All(after.Features.Where(f => f.Drifted), f => Assert.True(f.PValue < 0.05));
    }

    [Fact]
    public async Task Unknown_models_are_404_and_a_model_without_production_needs_a_version()
    {
        var missing = await fixture.Admin.GetAsync("/api/v1/monitoring/models/no-such-model/drift");
        var unpromoted = await fixture.Admin.GetAsync($"/api/v1/monitoring/models/{MonitoringFixture.Mileage}/drift");
        var named = await fixture.Admin.GetAsync($"/api/v1/monitoring/models/{MonitoringFixture.Mileage}/drift?version=1");
        var badTime = await fixture.Admin.GetAsync($"/api/v1/monitoring/models/{Species}/drift?from=yesterday");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unpromoted.StatusCode);
        Assert.Contains("no version in production", await unpromoted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
    }

    private static string Describe(DriftReport report) =>
        string.Join("; ", report.Features.Select(f => $"{f.Name} {f.Test} {f.Statistic:G4} p={f.PValue:G4} drifted={f.Drifted}"));

    private static string DriftUrl(DateTime from, DateTime to) =>
        $"/api/v1/monitoring/models/{Species}/drift?from={from:O}&to={to:O}";

    private async Task<ReferenceSample> ReferenceAsync()
    {
        using var scope = fixture.Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IDatasetCatalog>()
            .GetReferenceSampleAsync("penguins", null, DriftAnalyzer.ReferenceSampleRows, CancellationToken.None))!;
    }

    /// <summary>200 training rows drawn with replacement, in requests of 50, the named columns moved up by one standard deviation.</summary>
    private async Task SendAsync(ReferenceSample reference, string name, int seed, params string[] shifted)
    {
        var random = new Random(seed);
        var moves = shifted.ToDictionary(c => c, c => StandardDeviation(reference.Column(c)!.Numbers!));
        for (var request = 0; request < 4; request++)
        {
            var records = Enumerable.Range(0, 50).Select(_ =>
            {
                var row = random.Next(reference.SampledRows);
                return Inputs.ToDictionary(c => c, c => reference.Column(c)!.Numbers is { } numbers
                    ? numbers[row] is { } number ? (object?)(number + moves.GetValueOrDefault(c)) : null
                    : reference.Column(c)!.Values![row]);
            }).ToArray();
            await PredictOkAsync(fixture.Admin, Species, $"drift-{name}-{request}", "", records);
        }
    }

    private static double StandardDeviation(IReadOnlyList<double?> values)
    {
        var present = values.OfType<double>().ToList();
        var mean = present.Average();
        return Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / present.Count);
    }
}
