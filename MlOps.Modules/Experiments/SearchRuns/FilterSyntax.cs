namespace MlOps.Modules.Experiments.SearchRuns;

internal enum FilterKeyKind
{
    Metric,
    Param,
    Tag,
    Attribute,
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,

    /// <summary>LIKE ignoring case on every provider; SQLite's LIKE ignores ASCII case anyway, PostgreSQL's does not.</summary>
    ILike,
    In,
}

/// <summary>A key such as <c>metrics.accuracy</c>; for attributes <see cref="Name"/> is the runs column.</summary>
internal sealed record FilterKey(FilterKeyKind Kind, string Name);

internal abstract record FilterNode;

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary>Values are <see cref="double"/> for metrics, <see cref="long"/> for times and ids, <see cref="string"/> otherwise.</summary>
internal sealed record ComparisonNode(FilterKey Key, ComparisonOperator Operator, IReadOnlyList<object> Values) : FilterNode;

internal sealed record OrderTerm(FilterKey Key, bool Descending);

internal sealed class FilterSyntaxException(string message, int position)
    : Exception($"{message} (at position {position + 1}).")
{
    /// <summary>Zero-based index into the text that was parsed.</summary>
    public int Position { get; } = position;
}
