using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Featurization;

/// <summary>An input column of the model: what callers must send to get a prediction.</summary>
internal sealed record FeatureColumn(string Name, ColumnType Type);
