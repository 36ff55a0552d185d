using Microsoft.Extensions.DependencyInjection;
using MlOps.Modules.Pipeline.Contracts;
using MlOps.Modules.Platform.Contracts;
using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;
using MlOps.Modules.Serving.Models;
using MlOps.Modules.Serving.Predict;

namespace MlOps.Modules.Serving.Batch.Scoring;

/// <summary>Loads a version for one job: Serving's view of its columns, and a transformer of the job's own from the verified zip.</summary>
internal sealed class BatchModelLoader(PredictionService service, IServiceScopeFactory scopes)
{
    public async Task<OperationResult<BatchModel>> LoadAsync(string name, int version, CancellationToken cancellationToken)
    {
        var info = await service.ResolveAsync(new ServingTarget(name, version), cancellationToken);
        if (!info.Succeeded) return OperationResult<BatchModel>.Fail(info.Error, info.Problems);
        if (info.Value!.Scorer is IBlockScorer blocks) return OperationResult<BatchModel>.Ok(new BatchModel(info.Value, null, blocks));
        // An image model scores each picture through its pooled engines, as the predict API does.
        if (info.Value.IsImageModel) return OperationResult<BatchModel>.Ok(new BatchModel(info.Value, null, null));
        await using var scope = scopes.CreateAsyncScope();
        var verified = await scope.ServiceProvider.GetRequiredService<IModelRegistry>().LoadAsync(name, ModelSelector.ForVersion(version), cancellationToken);
        if (!verified.Succeeded) return OperationResult<BatchModel>.Fail(verified.Error, verified.Problems);

        await using var zip = verified.Value!.OpenRead();
        var transformer = ModelLoading.CreateContext().Model.Load(zip, out _);
        return OperationResult<BatchModel>.Ok(new BatchModel(info.Value!, transformer, null));
    }
}
