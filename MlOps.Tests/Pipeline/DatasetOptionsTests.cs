using Microsoft.Extensions.Options;
using MlOps.Tests.Support;

namespace MlOps.Tests.Pipeline;

public sealed class DatasetOptionsTests
{
    private sealed class ZeroUploadLimitFactory : MlOpsFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Pipeline:Datasets:MaxUploadBytes"] = "0" };
    }

    [Fact]
    public async Task A_non_positive_upload_limit_stops_the_app_at_start()
    {
        await using var factory = new ZeroUploadLimitFactory();

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Pipeline:Datasets:MaxUploadBytes must be positive.", failure.Message);
    }
}
