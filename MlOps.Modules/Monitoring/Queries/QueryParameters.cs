using System.Globalization;
using MlOps.Modules.Monitoring.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Monitoring.Queries;

/// <summary>A window with the bucket size its series is cut into.</summary>
internal sealed record BucketedWindow(TimeWindow Window, TimeSpan Bucket);

/// <summary>
/// Reads <c>?from=&amp;to=&amp;bucket=</c>: ISO-8601 times (UTC unless an offset is given), the last 24 hours when
/// omitted; buckets such as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, or about 60 per window when omitted.
/// </summary>
internal static class QueryParameters
{
    public const int MaxBuckets = 1440;
    private static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);
    private const int DefaultBuckets = 60;

    private static readonly TimeSpan[] NiceBuckets =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
    ];

    public static OperationResult<TimeWindow> Window(string? from, string? to, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var end = ParseTime("to", to, errors) ?? clock.GetUtcNow().UtcDateTime;
        var start = ParseTime("from", from, errors) ?? end - DefaultLength;
        if (errors.Count == 0 && start >= end) errors["from"] = [$"from ({start:O}) must be before to ({end:O})."];
        return errors.Count == 0 ? OperationResult<TimeWindow>.Ok(new TimeWindow(start, end)) : OperationResult<TimeWindow>.Fail(OperationError.Invalid, errors);
    }

    public static OperationResult<BucketedWindow> Bucketed(string? from, string? to, string? bucket, TimeProvider clock)
    {
        var window = Window(from, to, clock);
        if (!window.Succeeded) return OperationResult<BucketedWindow>.Fail(window.Error, window.Problems);
        var length = window.Value!.Length;
        TimeSpan size;
        if (bucket is null)
        {
            size = NiceBuckets.FirstOrDefault(b => b * DefaultBuckets >= length, TimeSpan.FromDays(Math.Ceiling(length.TotalDays / DefaultBuckets)));
        }
        else if (ParseBucket(bucket) is { } parsed)
        {
            size = parsed;
        }
        else
        {
            return OperationResult<BucketedWindow>.Fail(OperationError.Invalid, "bucket",
                $"'{bucket}' is not a bucket size: use a whole number of seconds, minutes, hours or days, such as 30s, 5m, 1h or 1d.");
        }

        var count = Math.Ceiling(length / size);
        return count > MaxBuckets
            ? OperationResult<BucketedWindow>.Fail(OperationError.Invalid, "bucket",
                $"A {bucket} bucket cuts this window into {count:N0} buckets; at most {MaxBuckets:N0} are allowed: choose a larger bucket or a shorter window.")
            : OperationResult<BucketedWindow>.Ok(new BucketedWindow(window.Value, size));
    }

    private static DateTime? ParseTime(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time.UtcDateTime;
        errors[field] = [$"'{value}' is not a time: use ISO-8601, such as 2026-11-22T08:00:00Z."];
        return null;
    }

    private static TimeSpan? ParseBucket(string value)
    {
        if (value.Length < 2 || !int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return null;
        return value[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
