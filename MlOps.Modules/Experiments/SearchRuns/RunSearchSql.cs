using System.Data.Common;
using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.SearchRuns;

/// <summary>
/// Turns a parsed filter and order into SQL over the runs table. Every key and value travels as a parameter;
/// each condition is an <c>IN (SELECT RunId ...)</c> over a (Key, Value, RunId) index so SQLite can drive the
/// search from the most selective condition instead of visiting every run. Identifiers are quoted, as PostgreSQL
/// keeps EF's mixed-case column names only when quoted; the SQL is otherwise the same on both providers.
/// </summary>
internal sealed class RunSearchSql
{
    private readonly List<(string Name, object Value)> _parameters = [];

    private RunSearchSql()
    {
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

    public static RunSearchSql Build(IReadOnlyList<long> experimentIds, FilterNode? filter, IReadOnlyList<OrderTerm> order, LifecycleView view)
    {
        var sql = new RunSearchSql { CountsInPage = filter is not null };
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
        OrNode or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        ComparisonNode comparison => Comparison(comparison),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private string Comparison(ComparisonNode comparison)
    {
        var right = comparison.Operator == ComparisonOperator.In
            ? $"({string.Join(", ", comparison.Values.Select(Add))})"
            : Add(comparison.Values[0]);
        string Condition(string left) => comparison.Operator == ComparisonOperator.ILike
            ? $"LOWER({left}) LIKE LOWER({right})"
            : $"{left} {SqlOperator(comparison.Operator)} {right}";
        return comparison.Key.Kind switch
        {
            FilterKeyKind.Attribute => Condition($"r.\"{comparison.Key.Name}\""),
            var kind => $"r.\"Id\" IN (SELECT k.\"RunId\" FROM {TableOf(kind)} k WHERE k.\"Key\" = {Add(comparison.Key.Name)} AND {Condition("k.\"Value\"")})",
        };
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
