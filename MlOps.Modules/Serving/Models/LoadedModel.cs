using MlOps.Modules.Registry.Contracts;
using MlOps.Modules.Serving.Contracts;

namespace MlOps.Modules.Serving.Models;

/// <summary>A model version ready to score: its columns in model order, labels and pooled engines.</summary>
internal sealed class LoadedModel(string name, int version, string task, IReadOnlyList<InputColumn> columns, IReadOnlyList<string> labels, IModelScorer scorer, DateTime loadedAt, TimeSpan loadDuration, OnnxModelSchema? onnx = null)
{
    private long _lastUsed = Environment.TickCount64;
    private long _predictions;

    public string Name { get; } = name;

    public int Version { get; } = version;

    public string Task { get; } = task;

    public IReadOnlyList<InputColumn> Columns { get; } = columns;

    public IReadOnlyList<string> Labels { get; } = labels;

    /// <summary>The tensors of an ONNX version, null for ML.NET.</summary>
    public OnnxModelSchema? Onnx { get; } = onnx;

    public IModelScorer Scorer { get; } = scorer;

    public DateTime LoadedAt { get; } = loadedAt;

    public TimeSpan LoadDuration { get; } = loadDuration;

    public long LastUsed => Volatile.Read(ref _lastUsed);

    public long Predictions => Interlocked.Read(ref _predictions);

    public bool IsImageModel => Columns.Count == 1 && Columns[0].Kind == InputKind.Image;

    /// <summary>An image model that scores a picture and its mirror image and averages the two.</summary>
    public bool FlipPass => IsImageModel && Columns[0].FlipPass;

    public Prediction Score(InputRow row)
    {
        Volatile.Write(ref _lastUsed, Environment.TickCount64);
        Interlocked.Increment(ref _predictions);
        return Scorer.Score(row);
    }

    public InputRow NewRow() => new(Columns.Count);

    public ServingModelInfo Describe() => new(Name, Version, Task,
        Columns.Select(c => new ServingInput(c.Name, c.Kind.ToString(), c.Min, c.Max, c.Categories?.Order(StringComparer.Ordinal).ToList())).ToList(),
        Labels.Count > 0 ? Labels : null);
}
