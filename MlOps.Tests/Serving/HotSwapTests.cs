using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Tests.Serving;

public sealed class HotSwapTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task Approving_a_promotion_under_load_swaps_the_version_without_a_failed_request()
    {
        var next = await fixture.RetrainAsync(ServingFixture.Swapped);
        var promotion = await fixture.RequestPromotionAsync(ServingFixture.Swapped, next);
        var record = new Dictionary<string, object?>
        {
            ["Island"] = "Dream", ["Beak Length (mm)"] = 46.5, ["Beak Depth (mm)"] = 17.9, ["Flipper Length (mm)"] = 192, ["Body Mass (g)"] = 3500,
        };
        var failures = new ConcurrentQueue<string>();
        var versions = new ConcurrentQueue<int>();
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await fixture.Admin.PostAsJsonAsync($"/api/v1/models/{ServingFixture.Swapped}/predict", new { records = new[] { record } });
                if (!response.IsSuccessStatusCode) failures.Enqueue($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                else versions.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
            }
        })).ToList();
        await Task.Delay(500);
        await fixture.ApproveAsync(promotion);
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.Empty(failures);
        var seen = versions.ToList();
        Assert.Equal(1, seen[0]);
        Assert.All(seen, v => Assert.Contains(v, new[] { 1, next }));
        Assert.Equal(next, seen[^1]);
        Assert.Contains(1, seen);
    }
}
