using System.Globalization;
using MlOps.Modules.Experiments.Contracts;

namespace MlOps.Modules.Experiments.SearchRuns;

/// <summary>
/// Recursive-descent parser for the run filter language of API.md:
/// <c>or</c> binds looser than <c>and</c>, parentheses group, keys are <c>metrics.*</c>, <c>params.*</c>,
/// <c>tags.*</c> or <c>attributes.*</c> with backticks around names that hold other characters.
/// </summary>
internal sealed class FilterParser
{
    private const string Operators = "=, !=, <, <=, >, >=, like, ilike, in";

    private static readonly Dictionary<string, FilterKeyKind> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metrics"] = FilterKeyKind.Metric,
        ["metric"] = FilterKeyKind.Metric,
        ["params"] = FilterKeyKind.Param,
        ["param"] = FilterKeyKind.Param,
        ["tags"] = FilterKeyKind.Tag,
        ["tag"] = FilterKeyKind.Tag,
        ["attributes"] = FilterKeyKind.Attribute,
        ["attribute"] = FilterKeyKind.Attribute,
        ["attr"] = FilterKeyKind.Attribute,
    };

    private static readonly Dictionary<string, string> Attributes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["status"] = "Status",
        ["name"] = "Name",
        ["run_name"] = "Name",
        ["startTime"] = "StartTime",
        ["start_time"] = "StartTime",
        ["endTime"] = "EndTime",
        ["end_time"] = "EndTime",
        ["id"] = "Id",
        ["run_id"] = "Id",
    };

    private readonly string _text;
    private int _position;

    private FilterParser(string text) => _text = text;

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private bool AtEnd => _position >= _text.Length;

    /// <exception cref="FilterSyntaxException">The text is not a valid filter.</exception>
    public static FilterNode? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return null;
        var parser = new FilterParser(filter);
        var node = parser.ParseOr();
        parser.SkipWhitespace();
        if (!parser.AtEnd) throw new FilterSyntaxException($"Expected 'and', 'or' or the end of the filter, found '{parser.Rest()}'", parser._position);
        return node;
    }

    /// <summary>Parses <c>key [asc|desc]</c>, e.g. <c>metrics.accuracy desc</c>.</summary>
    public static OrderTerm ParseOrder(string order)
    {
        var parser = new FilterParser(order);
        parser.SkipWhitespace();
        var key = parser.ParseKey();
        var descending = false;
        if (parser.TryKeyword("desc")) descending = true;
        else parser.TryKeyword("asc");
        parser.SkipWhitespace();
        if (!parser.AtEnd) throw new FilterSyntaxException($"Expected 'asc', 'desc' or the end, found '{parser.Rest()}'", parser._position);
        return new OrderTerm(key, descending);
    }

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or")) left = new OrNode(left, ParseAnd());
        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParsePrimary();
        while (TryKeyword("and")) left = new AndNode(left, ParsePrimary());
        return left;
    }

    private FilterNode ParsePrimary()
    {
        SkipWhitespace();
        if (Current != '(') return ParseComparison();
        var open = _position++;
        var inner = ParseOr();
        SkipWhitespace();
        if (Current != ')') throw new FilterSyntaxException($"Expected ')' to close the '(' at position {open + 1}", _position);
        _position++;
        return inner;
    }

    private ComparisonNode ParseComparison()
    {
        var key = ParseKey();
        SkipWhitespace();
        var operatorAt = _position;
        var op = ParseOperator();
        SkipWhitespace();
        var values = new List<object>();
        if (op == ComparisonOperator.In)
        {
            if (Current != '(') throw new FilterSyntaxException("Expected '(' and a list of values after 'in'", _position);
            _position++;
            while (true)
            {
                SkipWhitespace();
                values.Add(ParseValue(key, op, operatorAt));
                SkipWhitespace();
                if (Current != ',') break;
                _position++;
            }

            if (Current != ')') throw new FilterSyntaxException("Expected ',' or ')' in the 'in' list", _position);
            _position++;
        }
        else
        {
            values.Add(ParseValue(key, op, operatorAt));
        }

        return new ComparisonNode(key, op, values);
    }

    private FilterKey ParseKey()
    {
        SkipWhitespace();
        var start = _position;
        if (Current == '`')
        {
            var whole = ReadQuoted('`');
            var dot = whole.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) throw new FilterSyntaxException($"Expected a key such as metrics.accuracy, found `{whole}`", start);
            return MakeKey(whole[..dot], whole[(dot + 1)..], start, start);
        }

        while (char.IsAsciiLetter(Current) || Current == '_') _position++;
        var prefix = _text[start.._position];
        if (prefix.Length == 0) throw new FilterSyntaxException(AtEnd ? "Expected a key such as metrics.accuracy, but the filter ends" : $"Expected a key such as metrics.accuracy, found '{Rest()}'", start);
        if (Current != '.') throw new FilterSyntaxException($"Expected '.' after '{prefix}' (keys look like metrics.accuracy or params.`learning rate`)", _position);
        _position++;
        var nameAt = _position;
        string name;
        if (Current == '`')
        {
            name = ReadQuoted('`');
        }
        else
        {
            while (IsNameChar(Current)) _position++;
            name = _text[nameAt.._position];
        }

        if (name.Length == 0) throw new FilterSyntaxException($"Expected a name after '{prefix}.'", nameAt);
        return MakeKey(prefix, name, start, nameAt);
    }

    private static FilterKey MakeKey(string prefix, string name, int prefixAt, int nameAt)
    {
        if (!Prefixes.TryGetValue(prefix, out var kind))
            throw new FilterSyntaxException($"Unknown key type '{prefix}'; use metrics., params., tags. or attributes.", prefixAt);
        if (kind != FilterKeyKind.Attribute) return new FilterKey(kind, name);
        return Attributes.TryGetValue(name, out var column)
            ? new FilterKey(kind, column)
            : throw new FilterSyntaxException($"Unknown attribute '{name}'; use status, name, startTime, endTime or id", nameAt);
    }

    private ComparisonOperator ParseOperator()
    {
        var start = _position;
        var two = _position + 1 < _text.Length ? _text.Substring(_position, 2) : "";
        switch (two)
        {
            case "!=" or "<>": _position += 2; return ComparisonOperator.NotEqual;
            case "<=": _position += 2; return ComparisonOperator.LessOrEqual;
            case ">=": _position += 2; return ComparisonOperator.GreaterOrEqual;
            case "==": _position += 2; return ComparisonOperator.Equal;
        }

        switch (Current)
        {
            case '=': _position++; return ComparisonOperator.Equal;
            case '<': _position++; return ComparisonOperator.Less;
            case '>': _position++; return ComparisonOperator.Greater;
        }

        if (TryKeyword("like")) return ComparisonOperator.Like;
        if (TryKeyword("ilike")) return ComparisonOperator.ILike;
        if (TryKeyword("in")) return ComparisonOperator.In;
        throw new FilterSyntaxException(AtEnd
            ? $"Expected an operator ({Operators}), but the filter ends"
            : $"Expected an operator ({Operators}), found '{Rest()}'", start);
    }

    private object ParseValue(FilterKey key, ComparisonOperator op, int operatorAt)
    {
        var start = _position;
        object literal = Current switch
        {
            '\'' or '"' => ReadQuoted(Current),
            _ when char.IsAsciiDigit(Current) || Current is '-' or '+' or '.' => ReadNumber(),
            _ => throw new FilterSyntaxException(AtEnd
                ? "Expected a value (a number, or text in quotes), but the filter ends"
                : $"Expected a value (a number, or text in quotes), found '{Rest()}'", start),
        };
        return Check(key, op, literal, operatorAt, start);
    }

    private static object Check(FilterKey key, ComparisonOperator op, object literal, int operatorAt, int valueAt)
    {
        switch (key.Kind)
        {
            case FilterKeyKind.Metric:
                if (op is ComparisonOperator.Like or ComparisonOperator.ILike) throw new FilterSyntaxException("'like' matches text; metrics are numbers", operatorAt);
                return literal as double? ?? throw new FilterSyntaxException($"metrics.{key.Name} is a number; compare it with a number, not text", valueAt);
            case FilterKeyKind.Param or FilterKeyKind.Tag:
                return literal as string ?? throw new FilterSyntaxException(
                    $"{(key.Kind == FilterKeyKind.Param ? "params" : "tags")}.{key.Name} holds text; put the value in quotes", valueAt);
            default:
                return CheckAttribute(key.Name, op, literal, operatorAt, valueAt);
        }
    }

    private static object CheckAttribute(string column, ComparisonOperator op, object literal, int operatorAt, int valueAt)
    {
        switch (column)
        {
            case "Status":
                if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.In))
                    throw new FilterSyntaxException("attributes.status takes =, != or in", operatorAt);
                return literal is string text && Enum.TryParse<RunStatus>(text, ignoreCase: true, out var status) && !int.TryParse(text, out _)
                    ? status.ToString()
                    : throw new FilterSyntaxException($"attributes.status is one of {string.Join(", ", Enum.GetNames<RunStatus>())}, in quotes", valueAt);
            case "Name":
                return literal as string ?? throw new FilterSyntaxException("attributes.name holds text; put the value in quotes", valueAt);
            case "Id":
                if (op is ComparisonOperator.Like or ComparisonOperator.ILike) throw new FilterSyntaxException("'like' matches text; attributes.id is a number", operatorAt);
                return AsWholeNumber(literal) ?? throw new FilterSyntaxException("attributes.id is a whole number", valueAt);
            default:
                if (op is ComparisonOperator.Like or ComparisonOperator.ILike) throw new FilterSyntaxException($"'like' matches text; attributes.{char.ToLowerInvariant(column[0])}{column[1..]} is a time", operatorAt);
                return ToUnixMilliseconds(literal) ?? throw new FilterSyntaxException(
                    "Times are ISO-8601 text in quotes ('2026-11-22T10:00:00Z') or Unix milliseconds", valueAt);
        }
    }

    private static long? AsWholeNumber(object literal) => literal switch
    {
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e15 => (long)number,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static long? ToUnixMilliseconds(object literal) => literal switch
    {
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time.ToUnixTimeMilliseconds(),
        _ => AsWholeNumber(literal),
    };

    private double ReadNumber()
    {
        var start = _position;
        if (Current is '-' or '+') _position++;
        while (char.IsAsciiDigit(Current) || Current == '.') _position++;
        if (Current is 'e' or 'E')
        {
            _position++;
            if (Current is '-' or '+') _position++;
            while (char.IsAsciiDigit(Current)) _position++;
        }

        var text = _text[start.._position];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FilterSyntaxException($"'{text}' is not a finite number", start);
    }

    /// <summary>Reads text between <paramref name="quote"/> characters; a doubled quote stands for itself.</summary>
    private string ReadQuoted(char quote)
    {
        var start = _position++;
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd) throw new FilterSyntaxException($"The text starting with {quote} is never closed", start);
            if (Current == quote)
            {
                if (_position + 1 < _text.Length && _text[_position + 1] == quote)
                {
                    value.Append(quote);
                    _position += 2;
                    continue;
                }

                _position++;
                return value.ToString();
            }

            value.Append(Current);
            _position++;
        }
    }

    private bool TryKeyword(string keyword)
    {
        SkipWhitespace();
        if (_position + keyword.Length > _text.Length) return false;
        if (!_text.AsSpan(_position, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase)) return false;
        var after = _position + keyword.Length;
        if (after < _text.Length && (char.IsAsciiLetterOrDigit(_text[after]) || _text[after] == '_')) return false;
        _position = after;
        return true;
    }

    private void SkipWhitespace()
    {
        while (char.IsWhiteSpace(Current) && !AtEnd) _position++;
    }

    private string Rest() => _text.Length - _position > 20 ? _text.Substring(_position, 20) + "…" : _text[_position..];

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':';
}
