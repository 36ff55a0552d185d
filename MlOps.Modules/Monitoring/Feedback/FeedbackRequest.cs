using System.Text.Json;
using FluentValidation;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Feedback;

/// <summary>
/// Ground truth for a logged prediction: <see cref="Actual"/> is the true label (classification) or value
/// (regression); <see cref="Index"/> picks the record of a request that scored several (0-based, as sent).
/// </summary>
internal sealed record FeedbackRequest(string? RequestId, JsonElement Actual, int? Index);

internal sealed class FeedbackValidator : AbstractValidator<FeedbackRequest>
{
    public const int MaxRequestIdLength = 128;
    public const int MaxActualLength = 512;

    public FeedbackValidator()
    {
        RuleFor(r => r.RequestId).NotEmpty().MaximumLength(MaxRequestIdLength).Must(Names.IsPrintable).WithMessage(Names.ControlCharacterRule);
        RuleFor(r => r.Actual)
            .Must(a => a.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .WithMessage("Send actual: the true label as a string, or the true value as a number.")
            .Must(a => a.ValueKind != JsonValueKind.String || a.GetString()!.Length is > 0 and <= MaxActualLength)
            .WithMessage($"actual is a label of 1 to {MaxActualLength} characters.");
        RuleFor(r => r.Actual).Must(a => a.ValueKind != JsonValueKind.Number || a.TryGetDouble(out var number) && double.IsFinite(number))
            .WithMessage("actual must be a finite number (1e400 and the like are refused).");
        RuleFor(r => r.Index).GreaterThanOrEqualTo(0);
    }
}

/// <summary>What was recorded: the prediction, the truth, and whether it replaced earlier feedback.</summary>
internal sealed record FeedbackResult(
    string Model,
    int Version,
    string RequestId,
    int Index,
    string? PredictedLabel,
    double? PredictedValue,
    string Actual,
    bool? Correct,
    double? Error,
    bool Replaced,
    DateTime ReceivedAt);
