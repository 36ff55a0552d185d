using MlOps.Modules.Registry.Contracts;

namespace MlOps.Modules.Serving.Models;

/// <summary>Serving's word on a version before it is registered or put up for promotion: it must score a row of its own schema.</summary>
internal sealed class ServabilityCheck(ModelLoader loader) : IModelVersionCheck
{
    public Task<string?> FindProblemAsync(ModelVersionCandidate candidate, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (!candidate.Format.IsServable())
            return (string?)"It is stored but not servable here: MlOps serves ML.NET and ONNX models and never loads or runs the others (a pickle is code).";
        try
        {
            loader.Try(candidate);
            return null;
        }
        // ML.NET reports a schema it cannot score with many exception types; each means this version cannot serve.
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return (string?)$"It cannot score a row of its own input schema ({string.Join(", ", candidate.InputSchema.Select(c => $"{c.Name}: {c.Type}"))}), so it could never serve predictions: {e.Message}";
        }
    }, cancellationToken);
}
