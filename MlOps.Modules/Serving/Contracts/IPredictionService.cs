using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Serving.Contracts;

/// <summary>Predictions for the UI and other modules, with the same validation and events as the REST API.</summary>
public interface IPredictionService
{
    /// <summary>Records map column names to numbers, strings, booleans or null; Invalid names the row and column at fault.</summary>
    Task<OperationResult<PredictionResponse>> PredictAsync(ServingTarget target, IReadOnlyList<IReadOnlyDictionary<string, object?>> records, string caller, string requestId, CancellationToken cancellationToken);

    /// <summary>Scores one PNG or JPEG with an image model.</summary>
    Task<OperationResult<PredictionResponse>> PredictImageAsync(ServingTarget target, Stream image, string caller, string requestId, CancellationToken cancellationToken);

    /// <summary>Scores a CSV (header row, then rows) and writes the predictions as CSV, row by row.</summary>
    Task<OperationResult<int>> PredictCsvAsync(ServingTarget target, Stream csv, Stream output, string caller, string requestId, CancellationToken cancellationToken);

    Task<OperationResult<ServingModelInfo>> DescribeAsync(ServingTarget target, CancellationToken cancellationToken);

    ServingStatus GetStatus();
}
