namespace NodeStack.Tests.Fixtures;

/// <summary>
/// The recorded metric names a source really serves (Fixtures/MetricNames/*.txt): the exporter's contract, geth's
/// and Lighthouse's names from their source, and Prometheus' own series.
/// </summary>
public static class MetricNameList
{
    public static IReadOnlySet<string> Exporter { get; } = Load("exporter.txt");

    public static IReadOnlySet<string> Geth { get; } = Load("geth.txt");

    public static IReadOnlySet<string> Lighthouse { get; } = Load("lighthouse.txt");

    public static IReadOnlySet<string> Prometheus { get; } = Load("prometheus.txt");

    private static HashSet<string> Load(string file) =>
        File.ReadAllLines(Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Tests", "Fixtures", "MetricNames", file))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('{')[0])
            .ToHashSet(StringComparer.Ordinal);
}
