using System.Net;
using System.Text;
using MlOps.Tests.Pipeline;
using MlOps.Tests.Support;

namespace MlOps.Tests.Onnx;

public sealed class OnnxRegistrationTests(MlOpsFactory factory) : IClassFixture<MlOpsFactory>
{
    public static TheoryData<string, string, string> Rejected => new()
    {
        { "not-onnx", "notes.onnx", "not an ONNX model" },
        { "truncated", "truncated.onnx", "truncated" },
        { "external", "external-data.onnx", "keeps its data in a file outside the model" },
        { "huge", "huge-input.onnx", "declares 1,000,000,000,000 values" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_bad_model_file_is_400_saying_why_and_stores_nothing(string model, string file, string message)
    {
        using var admin = factory.CreateAdminClient();
        var content = file == "notes.onnx" ? Encoding.UTF8.GetBytes("These are meeting notes, not a model.\n") : OnnxFixture.Fixture(file);

        var response = await OnnxFixture.UploadAsync(admin, $"bad-{model}", content, file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await DatasetApi.ReadProblemAsync(response)).Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/models/bad-{model}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"task":"MulticlassClassification","inputs":[{"tensor":"features","columns":["a","b","c","d"]}],"outputs":{"scores":"probabilities","labels":["x","y","z"]}}""", "the input 'features', which the model does not have")]
    [InlineData("""{"task":"MulticlassClassification","inputs":[{"tensor":"input","columns":["a","b","c","d"]}],"outputs":{"scores":"logits","labels":["x","y","z"]}}""", "the output 'logits', which the model does not have")]
    [InlineData("""{"task":"MulticlassClassification","inputs":[{"tensor":"input","columns":["a","b"]}],"outputs":{"scores":"probabilities","labels":["x","y","z"]}}""", "gives it 2 column(s)")]
    [InlineData("""{"task":"MulticlassClassification","inputs":[{"tensor":"input","columns":["a","b","c","d"]}],"outputs":{"scores":"probabilities","labels":["x","y"]}}""", "has 3 classes")]
    [InlineData("""{"task":"Clustering","inputs":[],"outputs":{}}""", "is not one of")]
    [InlineData("""{"task": 3""", "not valid JSON")]
    public async Task A_signature_that_does_not_fit_the_model_is_400_and_stores_nothing(string signature, string message)
    {
        using var admin = factory.CreateAdminClient();
        var name = $"bad-signature-{Guid.NewGuid():N}"[..30];

        var response = await OnnxFixture.UploadAsync(admin, name, OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx", signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/models/{name}")).StatusCode);
    }

    [Fact]
    public async Task Without_a_signature_a_model_whose_inputs_are_not_single_columns_is_refused()
    {
        using var admin = factory.CreateAdminClient();

        var response = await OnnxFixture.UploadAsync(admin, "iris-unsigned", OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("without a signature every input must be one column", (await DatasetApi.ReadProblemAsync(response)).Detail);
    }

    [Fact]
    public async Task An_analyst_cannot_upload_a_model()
    {
        using var analyst = await factory.CreateClientWithRoleAsync(MlOps.Modules.Platform.Contracts.Roles.Analyst);

        var response = await OnnxFixture.UploadAsync(analyst, "analyst-upload", OnnxFixture.Fixture("iris-mlp.onnx"), "iris-mlp.onnx");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
