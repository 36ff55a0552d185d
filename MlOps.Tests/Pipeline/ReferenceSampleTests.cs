using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Pipeline.Datasets.Reference;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class ReferenceSampleTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var admin = factory.CreateAdminClient();
        if (await GetSampleAsync("sampled-penguins", 1) is null) await PipelineApi.UploadAsync(admin, "sampled-penguins", "penguins.csv");
        if (await GetSampleAsync("sampled-digits", 1) is null) await PipelineApi.UploadAsync(admin, "sampled-digits", "mnist-50.zip");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_small_version_is_sampled_whole_with_numbers_categories_and_missing_values()
    {
        var sample = (await GetSampleAsync("sampled-penguins", 1000))!;

        Assert.Equal(("sampled-penguins", 1, DatasetKind.Tabular, 344, 344), (sample.Dataset, sample.Version, sample.Kind, sample.RowCount, sample.SampledRows));
        Assert.Equal(
            [("Species", ColumnType.Categorical), ("Island", ColumnType.Categorical), ("Beak Length (mm)", ColumnType.Numeric), ("Beak Depth (mm)", ColumnType.Numeric),
             ("Flipper Length (mm)", ColumnType.Numeric), ("Body Mass (g)", ColumnType.Numeric), ("Sex", ColumnType.Categorical)],
            sample.Columns.Select(c => (c.Name, c.Type)));
        var beak = sample.Column("Beak Length (mm)")!;
        Assert.Equal([39.1, 39.5, 40.3, null], beak.Numbers!.Take(4));
        Assert.Null(beak.Values);
        Assert.Equal((344, 2, 342), (beak.Count, beak.Missing, beak.Present));
        Assert.Equal(["MALE", "FEMALE", "FEMALE", null], sample.Column("Sex")!.Values!.Take(4));
        Assert.Equal(new Dictionary<string, int> { ["Biscoe"] = 168, ["Dream"] = 124, ["Torgersen"] = 52 },
            sample.Column("Island")!.Values!.GroupBy(v => v!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task A_larger_version_is_sampled_down_to_rows_of_the_version_while_its_counts_describe_the_whole()
    {
        var whole = (await GetSampleAsync("sampled-penguins", 1000))!;
        var sample = (await GetSampleAsync("sampled-penguins", 50))!;

        Assert.Equal((344, 50), (sample.RowCount, sample.SampledRows));
        Assert.All(sample.Columns, column => Assert.Equal(50, (column.Numbers?.Count ?? column.Values!.Count)));
        Assert.Equal((344, 2), (sample.Column("Body Mass (g)")!.Count, sample.Column("Body Mass (g)")!.Missing));
        var rows = Rows(whole);
        Assert.All(Rows(sample), row => Assert.Contains(row, rows));
        Assert.Same(sample, await GetSampleAsync("sampled-penguins", 50));
    }

    [Fact]
    public async Task An_image_version_is_sampled_as_image_measures_and_class_labels()
    {
        var sample = (await GetSampleAsync("sampled-digits", 1000))!;
        var statistics = (await CatalogAsync(catalog => catalog.GetReferenceStatisticsAsync("sampled-digits", 1, CancellationToken.None)))!;

        Assert.Equal((DatasetKind.Image, 50, 50), (sample.Kind, sample.RowCount, sample.SampledRows));
        Assert.Equal([ImageMeasures.MeanIntensity, ImageMeasures.Width, ImageMeasures.Height, ImageMeasures.LabelColumn], sample.Columns.Select(c => c.Name));
        Assert.All(sample.Column(ImageMeasures.Width)!.Numbers!, width => Assert.Equal(28, width));
        Assert.All(sample.Column(ImageMeasures.Height)!.Numbers!, height => Assert.Equal(28, height));
        Assert.Equal(statistics.Images!.MeanIntensity, sample.Column(ImageMeasures.MeanIntensity)!.Numbers!.Average()!.Value, 1e-12);
        Assert.Equal(statistics.Images.Classes, sample.Column(ImageMeasures.LabelColumn)!.Values!.GroupBy(v => v!).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Fact]
    public async Task An_unknown_version_has_no_sample() =>
        Assert.Null(await GetSampleAsync("sampled-penguins", 1000, version: 9));

    [Fact]
    public void A_reservoir_keeps_a_short_stream_whole_and_in_order()
    {
        var reservoir = new Reservoir<int>(10);
        foreach (var item in Enumerable.Range(0, 7)) reservoir.Offer(item);

        Assert.Equal(Enumerable.Range(0, 7), reservoir.Items);
    }

    [Fact]
    public void A_reservoir_draws_the_same_uniform_sample_every_time()
    {
        var first = new Reservoir<int>(1000);
        var second = new Reservoir<int>(1000);
        foreach (var item in Enumerable.Range(0, 20_000))
        {
            first.Offer(item);
            second.Offer(item);
        }

        Assert.Equal(first.Items, second.Items);
        Assert.Equal(1000, first.Items.Distinct().Count());
        // Each tenth of the stream holds 100 of the 1000 expected; a binomial(1000, 0.1) stays within ±40 with probability above 0.999.
        Assert.All(first.Items.GroupBy(item => item / 2000), tenth => Assert.InRange(tenth.Count(), 60, 140));
    }

    private static List<string> Rows(ReferenceSample sample) =>
        Enumerable.Range(0, sample.SampledRows)
            .Select(row => string.Join('|', sample.Columns.Select(c => c.Numbers is { } numbers ? numbers[row]?.ToString("R") : c.Values![row])))
            .ToList();

    private Task<ReferenceSample?> GetSampleAsync(string dataset, int maxRows, int? version = 1) =>
        CatalogAsync(catalog => catalog.GetReferenceSampleAsync(dataset, version, maxRows, CancellationToken.None));

    private async Task<T> CatalogAsync<T>(Func<IDatasetCatalog, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<IDatasetCatalog>());
    }
}
