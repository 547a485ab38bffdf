namespace NodeStack.Tests.Fixtures;

/// <summary>A metric family as a list records it: its name, label names, and when it is left out (null: always served).</summary>
public sealed record ListedMetric(string Name, IReadOnlySet<string> Labels, string? Condition);

/// <summary>
/// The recorded metric names a source really serves (Fixtures/MetricNames/*.txt): the exporter's (held to the real
/// exporter by ExporterMetricNamesTests), geth's and Lighthouse's names from their source, and Prometheus' own series.
/// </summary>
public static class MetricNameList
{
    /// <summary>Every family the exporter serves, with labels and conditions.</summary>
    public static IReadOnlyList<ListedMetric> ExporterFamilies { get; } = Load("exporter.txt");

    public static IReadOnlySet<string> Exporter { get; } = Names(ExporterFamilies);

    public static IReadOnlySet<string> Geth { get; } = Names(Load("geth.txt"));

    public static IReadOnlySet<string> Lighthouse { get; } = Names(Load("lighthouse.txt"));

    public static IReadOnlySet<string> Prometheus { get; } = Names(Load("prometheus.txt"));

    private static HashSet<string> Names(IEnumerable<ListedMetric> metrics) => metrics.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    private static List<ListedMetric> Load(string file) =>
        File.ReadAllLines(Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Tests", "Fixtures", "MetricNames", file))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(Parse)
            .ToList();

    // name{label,label} | condition
    private static ListedMetric Parse(string line)
    {
        var parts = line.Split(" | ", 2, StringSplitOptions.TrimEntries);
        var family = parts[0].Split('{', 2);
        var labels = family.Length > 1
            ? family[1].TrimEnd('}').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];
        return new ListedMetric(family[0], labels, parts.Length > 1 ? parts[1] : null);
    }
}
