using System.Net;
using MlOps.Modules.Monitoring.Contracts;
using static MlOps.Tests.Monitoring.MonitoringApi;

namespace MlOps.Tests.Monitoring;

/// <summary>Drift through the whole path: predictions over HTTP, the log, the training data's reference sample, the report.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class DriftApiTests(MonitoringFixture fixture)
{
    private const string Species = MonitoringFixture.Species;

    [Fact]
    public async Task Resampled_training_rows_do_not_drift_and_two_shifted_columns_do()
    {
        var reference = await PenguinTraffic.ReferenceAsync(fixture.Factory.Services);
        var calm = DateTime.UtcNow;
        await PenguinTraffic.SendAsync(fixture.Admin, Species, reference, "drift-calm", seed: 7, requests: 4);
        await Task.Delay(5); // stored times are whole milliseconds: keep the two windows apart
        var shifted = DateTime.UtcNow;
        await Task.Delay(5);
        await PenguinTraffic.SendAsync(fixture.Admin, Species, reference, "drift-shifted", seed: 8, requests: 4, "Beak Length (mm)", "Flipper Length (mm)");

        var before = await WaitForAsync<DriftReport>(fixture.Admin, DriftUrl(calm, shifted), r => r.Current.Rows == 200);
        var after = await WaitForAsync<DriftReport>(fixture.Admin, DriftUrl(shifted, DateTime.UtcNow.AddMinutes(1)), r => r.Current.Rows == 200);

        Assert.Equal(("penguins", 344), (before.Reference.Dataset, before.Reference.Rows));
        Assert.Equal(PenguinTraffic.Inputs, before.Features.Select(f => f.Name));
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
}
