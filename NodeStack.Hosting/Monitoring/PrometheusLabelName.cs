using System.Text.RegularExpressions;

namespace NodeStack.Hosting.Monitoring;

/// <summary>Checks label names against Prometheus' rules before they reach a generated configuration.</summary>
internal static partial class PrometheusLabelName
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "job", "instance" };

    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Pattern().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal) || Reserved.Contains(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a label NodeStack can set: use [a-zA-Z_][a-zA-Z0-9_]*, not starting with '__', " +
                "and not job or instance (NodeStack sets those).",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex Pattern();
}
