using FluentValidation;
using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.Tracking;

/// <summary>
/// Checks a batch in one pass: a thousand metrics go through here on every log-batch call, so the rules
/// are a loop rather than a rule object per item.
/// </summary>
internal sealed class RunLogValidator : AbstractValidator<RunLog>
{
    private const int MaxReportedProblems = 20;

    public RunLogValidator()
    {
        RuleFor(l => l.Metrics).Must(m => m is null || m.Count <= TrackingLimits.MaxMetricsPerBatch)
            .WithMessage(l => $"At most {TrackingLimits.MaxMetricsPerBatch} metrics per call; this one has {l.Metrics!.Count}.");
        RuleFor(l => l.Params).Must(p => p is null || p.Count <= TrackingLimits.MaxParamsPerBatch)
            .WithMessage(l => $"At most {TrackingLimits.MaxParamsPerBatch} params per call; this one has {l.Params!.Count}.");
        RuleFor(l => l.Tags).Must(t => t is null || t.Count <= TrackingLimits.MaxTagsPerBatch)
            .WithMessage(l => $"At most {TrackingLimits.MaxTagsPerBatch} tags per call; this one has {l.Tags!.Count}.");
        RuleFor(l => l).Custom((log, context) =>
        {
            var problems = 0;
            void Fail(string property, string message)
            {
                if (problems++ < MaxReportedProblems) context.AddFailure(property, message);
            }

            for (var i = 0; i < (log.Metrics?.Count ?? 0); i++)
            {
                var metric = log.Metrics![i];
                if (metric is null)
                {
                    Fail($"metrics[{i}]", "A metric may not be null.");
                    continue;
                }

                if (TrackingLimits.CheckKey(metric.Key) is { } keyProblem) Fail($"metrics[{i}].key", keyProblem);
                if (!double.IsFinite(metric.Value)) Fail($"metrics[{i}].value", "A metric value must be a finite number (not NaN or Infinity).");
            }

            CheckPairs(log.Params, "params", Fail);
            CheckPairs(log.Tags, "tags", Fail);
            var conflicting = (log.Params ?? []).Where(p => p?.Key is not null).GroupBy(p => p.Key, StringComparer.Ordinal)
                .Where(g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Count() > 1);
            foreach (var group in conflicting) Fail("params", $"The param '{group.Key}' is given different values in one call.");
        });
    }

    private static void CheckPairs(IReadOnlyList<KeyValue>? pairs, string name, Action<string, string> fail)
    {
        for (var i = 0; i < (pairs?.Count ?? 0); i++)
        {
            var pair = pairs![i];
            if (pair is null)
            {
                fail($"{name}[{i}]", "An entry may not be null.");
                continue;
            }

            if (TrackingLimits.CheckKey(pair.Key) is { } keyProblem) fail($"{name}[{i}].key", keyProblem);
            if (TrackingLimits.CheckValue(pair.Value) is { } valueProblem) fail($"{name}[{i}].value", valueProblem);
        }
    }
}
