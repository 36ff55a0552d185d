using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using MlOps.Modules.Registry.Data;
using MlOps.Tests.Registry;

namespace MlOps.Tests.Hostile;

/// <summary>A version that cannot score a row of its own input schema is neither registered nor put up for promotion.</summary>
[Collection(HostileCollection.Name)]
public sealed class UnservableVersionTests(HostileHost host)
{
    [Fact]
    public async Task A_model_whose_schema_holds_its_label_column_is_refused_at_registration_and_nothing_is_stored()
    {
        var run = await CreateRunWithModelAsync(LabelInSchemaModel());
        var name = $"label-in-schema-{Guid.NewGuid():N}"[..24];

        var response = await host.Scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId = run, artifactPath = "model.zip" });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, "cannot score a row of its own input schema");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin.GetAsync($"/api/v1/models/{name}")).StatusCode);
        Assert.DoesNotContain(host.StoredFiles(), path => path.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_logged_by_a_run_that_scores_its_own_schema_registers_and_serves()
    {
        var run = await CreateRunWithModelAsync(IrisModel.Bytes);
        var name = $"servable-{Guid.NewGuid():N}"[..20];

        var registered = await host.Scientist.PostAsJsonAsync($"/api/v1/models/{name}/versions", new { runId = run, artifactPath = "model.zip" });
        var predicted = await host.Scientist.PostAsJsonAsync($"/api/v1/models/{name}/predict?version=1",
            new { records = new[] { new Dictionary<string, object> { ["SepalLength"] = 5.1, ["SepalWidth"] = 3.5, ["PetalLength"] = 1.4, ["PetalWidth"] = 0.2, ["Species"] = "" } } });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.True(predicted.StatusCode == HttpStatusCode.OK, await predicted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_promotion_request_for_a_stored_version_that_cannot_serve_is_refused()
    {
        var name = $"unservable-{Guid.NewGuid():N}"[..22];
        Assert.True((await IrisModel.RegisterAsync(host.Factory.Services, name)).Succeeded);
        await using (var db = await host.Factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            // A multiclass model recorded as binary, as the REST route accepted before registration scored its versions.
            await db.Versions.Where(v => v.ModelName == name).ExecuteUpdateAsync(s => s.SetProperty(v => v.Task, "BinaryClassification"));
        }

        var response = await host.Scientist.PostAsJsonAsync($"/api/v1/models/{name}/promotions", new { version = 1, reason = "ship it" });

        await HostileHost.AssertProblemAsync(response, HttpStatusCode.Conflict, "cannot be promoted");
        Assert.Equal(0, await host.TotalAsync($"/api/v1/promotions?model={name}"));
    }

    private async Task<string> CreateRunWithModelAsync(byte[] model)
    {
        var created = await host.Scientist.PostAsJsonAsync("/api/v1/experiments", new { name = $"unservable-{Guid.NewGuid():N}" });
        var experiment = (await created.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var run = (await (await host.Scientist.PostAsJsonAsync($"/api/v1/experiments/{experiment}/runs",
            new { @params = new Dictionary<string, string> { ["task"] = "MulticlassClassification" } })).Content.ReadFromJsonAsync<IdOnly>())!.Id;
        using var content = new ByteArrayContent(model);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        Assert.Equal(HttpStatusCode.Created, (await host.Scientist.PutAsync($"/api/v1/runs/{run}/artifacts/model.zip", content)).StatusCode);
        return run;
    }

    /// <summary>
    /// Trained with its Boolean label turned into classes inside the model and saved with the whole data schema, so
    /// scoring needs the label itself, as a Boolean no request can carry.
    /// </summary>
    private static byte[] LabelInSchemaModel()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 40).Select(i => new LoanRow { Income = i, Debt = 40 - i, Approved = i > 20 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(LoanRow.Income), nameof(LoanRow.Debt))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(LoanRow.Approved)))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new() { MaximumNumberOfIterations = 5 }));
        using var buffer = new MemoryStream();
        ml.Model.Save(pipeline.Fit(data), data.Schema, buffer);
        return buffer.ToArray();
    }

    private sealed class LoanRow
    {
        public float Income { get; set; }

        public float Debt { get; set; }

        public bool Approved { get; set; }
    }

    private sealed record IdOnly(string Id);
}
