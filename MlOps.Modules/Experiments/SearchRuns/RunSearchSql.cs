using System.Data.Common;
using MlOps.Modules.Experiments.Contracts;
using MlOps.Modules.Platform.Contracts;

namespace MlOps.Modules.Experiments.SearchRuns;

/// <summary>
/// Turns a parsed filter and order into SQL over the runs table. Every key and value travels as a parameter;
/// each condition is an <c>IN (SELECT RunId ...)</c> over a (Key, Value, RunId) index so SQLite can drive the
/// search from the most selective condition instead of visiting every run. Identifiers are quoted, as PostgreSQL
/// keeps EF's mixed-case column names only when quoted; the SQL is otherwise the same on both providers but for an OR
/// of metric, param and tag conditions (see <see cref="OnlyKeyConditions"/>).
/// </summary>
internal sealed class RunSearchSql
{
    private readonly List<(string Name, object Value)> _parameters = [];
    private readonly DatabaseProvider _provider;

    private RunSearchSql(DatabaseProvider provider)
    {
        _provider = provider;
    }

    public string Where { get; private set; } = "";

    public string OrderBy { get; private set; } = "";

    /// <summary>
    /// Whether the page query carries the total. With a filter, <c>COUNT(*) OVER ()</c> spares a second pass over the
    /// filter's subqueries; without one, an index-only COUNT is far cheaper than windowing every run of the experiment.
    /// </summary>
    public bool CountsInPage { get; private set; }

    public string PageSql => CountsInPage
        ? $"{SelectRuns}, COUNT(*) OVER () FROM experiments_runs r WHERE {Where} ORDER BY {OrderBy} LIMIT @take OFFSET @skip"
        : $"{SelectRuns}, NULL FROM experiments_runs r WHERE {Where} ORDER BY {OrderBy} LIMIT @take OFFSET @skip";

    private const string SelectRuns = "SELECT r.\"Id\", r.\"ExperimentId\", r.\"Name\", r.\"Status\", r.\"StartTime\", r.\"EndTime\", r.\"DeletedAt\"";

    public string CountSql => $"SELECT COUNT(*) FROM experiments_runs r WHERE {Where}";

    public static RunSearchSql Build(IReadOnlyList<long> experimentIds, FilterNode? filter, IReadOnlyList<OrderTerm> order, LifecycleView view, DatabaseProvider provider)
    {
        var sql = new RunSearchSql(provider) { CountsInPage = filter is not null };
        var experiments = string.Join(", ", experimentIds.Select(id => sql.Add(id)));
        var runs = view switch
        {
            LifecycleView.ActiveOnly => $"r.\"ExperimentId\" IN ({experiments}) AND r.\"DeletedAt\" IS NULL",
            LifecycleView.DeletedOnly => $"r.\"ExperimentId\" IN ({experiments}) AND r.\"DeletedAt\" IS NOT NULL",
            _ => $"r.\"ExperimentId\" IN ({experiments})",
        };
        sql.Where = filter is null ? runs : $"{runs} AND {sql.Translate(filter)}";
        var terms = order.Select(sql.OrderTermSql).Append("r.\"StartTime\" DESC").Append("r.\"Id\" DESC");
        sql.OrderBy = string.Join(", ", terms);
        return sql;
    }

    public DbCommand CreateCommand(DbConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value) in _parameters) AddParameter(command, name, value);
        return command;
    }

    public static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private string Translate(FilterNode node) => node switch
    {
        AndNode and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        OrNode union when _provider == DatabaseProvider.PostgreSql && OnlyKeyConditions(union) => $"r.\"Id\" IN ({RunIdsOf(union)})",
        OrNode or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        ComparisonNode comparison => Comparison(comparison),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>
    /// Whether an OR joins only metric, param and tag conditions. On PostgreSQL those become one <c>IN (... UNION ...)</c>:
    /// it cannot turn <c>Id IN (...) OR Id IN (...)</c> into a join and tests every run of the experiment against both
    /// lists, while a union it joins from the most selective side like any other condition. SQLite keeps the OR, as it
    /// drives the search from the first IN list of a conjunction whatever its size, and a union is rarely the smallest.
    /// </summary>
    private static bool OnlyKeyConditions(FilterNode node) => node switch
    {
        OrNode or => OnlyKeyConditions(or.Left) && OnlyKeyConditions(or.Right),
        ComparisonNode comparison => comparison.Key.Kind != FilterKeyKind.Attribute,
        _ => false,
    };

    private string RunIdsOf(FilterNode node) => node switch
    {
        OrNode or => $"{RunIdsOf(or.Left)} UNION {RunIdsOf(or.Right)}",
        ComparisonNode comparison => KeyedRunIds(comparison),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private string Comparison(ComparisonNode comparison) => comparison.Key.Kind == FilterKeyKind.Attribute
        ? Condition(comparison, $"r.\"{comparison.Key.Name}\"")
        : $"r.\"Id\" IN ({KeyedRunIds(comparison)})";

    private string KeyedRunIds(ComparisonNode comparison) =>
        $"SELECT k.\"RunId\" FROM {TableOf(comparison.Key.Kind)} k WHERE k.\"Key\" = {Add(comparison.Key.Name)} AND {Condition(comparison, "k.\"Value\"")}";

    private string Condition(ComparisonNode comparison, string left)
    {
        var right = comparison.Operator == ComparisonOperator.In
            ? $"({string.Join(", ", comparison.Values.Select(Add))})"
            : Add(comparison.Values[0]);
        return comparison.Operator == ComparisonOperator.ILike
            ? $"LOWER({left}) LIKE LOWER({right})"
            : $"{left} {SqlOperator(comparison.Operator)} {right}";
    }

    private string OrderTermSql(OrderTerm term)
    {
        var direction = term.Descending ? "DESC" : "ASC";
        return term.Key.Kind == FilterKeyKind.Attribute
            ? $"r.\"{term.Key.Name}\" {direction} NULLS LAST"
            : $"(SELECT k.\"Value\" FROM {TableOf(term.Key.Kind)} k WHERE k.\"RunId\" = r.\"Id\" AND k.\"Key\" = {Add(term.Key.Name)}) {direction} NULLS LAST";
    }

    private string Add(object value)
    {
        var name = $"@p{_parameters.Count}";
        _parameters.Add((name, value));
        return name;
    }

    private static string TableOf(FilterKeyKind kind) => kind switch
    {
        FilterKeyKind.Metric => "experiments_latest_metrics",
        FilterKeyKind.Param => "experiments_params",
        FilterKeyKind.Tag => "experiments_tags",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string SqlOperator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.In => "IN",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
