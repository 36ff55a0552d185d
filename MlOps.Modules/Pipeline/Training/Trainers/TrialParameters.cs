using System.Globalization;
using MlOps.Modules.Pipeline.Contracts;

namespace MlOps.Modules.Pipeline.Training.Trainers;

/// <summary>The hyperparameter values of one trial; a value not given takes the trainer's default.</summary>
internal sealed class TrialParameters(TrainerDefinition trainer, IReadOnlyDictionary<string, double> values)
{
    public IReadOnlyDictionary<string, double> Values { get; } = trainer.Hyperparameters.ToDictionary(
        h => h.Name, h => values.TryGetValue(h.Name, out var value) ? Clamp(h, value) : h.Default);

    public int Int(string name) => (int)Math.Round(Values[name]);

    public float Float(string name) => (float)Values[name];

    public IReadOnlyDictionary<string, string> AsStrings() => Values.ToDictionary(
        p => p.Key, p => p.Value.ToString(CultureInfo.InvariantCulture));

    private static double Clamp(HyperparameterRange range, double value)
    {
        var clamped = Math.Clamp(value, range.Min, range.Max);
        return range.Kind == HyperparameterKind.Integer ? Math.Round(clamped) : clamped;
    }
}
