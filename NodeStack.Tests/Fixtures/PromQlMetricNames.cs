using System.Text.RegularExpressions;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Lists the metric names a PromQL expression selects. Promtool has already proved the expression parses; this
/// only needs to tell metric names from functions, keywords, label names and durations.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan",
    };

    public static IReadOnlySet<string> In(string promql)
    {
        var text = StringLiteral().Replace(promql, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !IsFunctionCall(text, m) && !Keywords.Contains(m.Value))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsFunctionCall(string text, Match match) =>
        text.AsSpan(match.Index + match.Length).TrimStart().StartsWith("(");

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
