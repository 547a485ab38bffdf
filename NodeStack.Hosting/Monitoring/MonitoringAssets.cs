using System.Reflection;

namespace NodeStack.Hosting.Monitoring;

/// <summary>A monitoring file shipped inside NodeStack.Hosting, such as an alert rule file or a dashboard.</summary>
/// <param name="FileName">The file name, such as <c>bitcoin.yml</c>.</param>
/// <param name="Content">The file's text.</param>
internal sealed record MonitoringAsset(string FileName, string Content);

/// <summary>
/// The alert rules, dashboards and Fluent Bit parsers embedded in NodeStack.Hosting (from its Assets folder): the
/// one source the local run and the Kubernetes publisher both deliver.
/// </summary>
internal static class MonitoringAssets
{
    private const string Prefix = "NodeStack.Assets/";
    private static readonly Assembly Assembly = typeof(MonitoringAssets).Assembly;

    /// <summary>Prometheus alert rule files (<c>Assets/prometheus/rules/*.yml</c>), ordered by name.</summary>
    public static IReadOnlyList<MonitoringAsset> PrometheusRules { get; } = Folder("prometheus/rules/");

    /// <summary>Grafana dashboards (<c>Assets/grafana/dashboards/*.json</c>), ordered by name.</summary>
    public static IReadOnlyList<MonitoringAsset> GrafanaDashboards { get; } = Folder("grafana/dashboards/");

    /// <summary>The Fluent Bit regex parsers for node log lines (<c>Assets/fluent-bit/parsers.yaml</c>).</summary>
    public static MonitoringAsset FluentBitParsers { get; } = File("fluent-bit/parsers.yaml");

    /// <summary>The Fluent Bit Lua filter that turns parsed node lines into OTLP-ready records (<c>Assets/fluent-bit/node-log.lua</c>).</summary>
    public static MonitoringAsset FluentBitLuaScript { get; } = File("fluent-bit/node-log.lua");

    private static List<MonitoringAsset> Folder(string folder) =>
        Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix + folder, StringComparison.Ordinal))
            .Where(name => !name[(Prefix.Length + folder.Length)..].Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => File(name[Prefix.Length..]))
            .ToList();

    private static MonitoringAsset File(string path)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + path)
            ?? throw new InvalidOperationException($"NodeStack.Hosting is built without its asset '{path}'.");
        using var reader = new StreamReader(stream);
        return new MonitoringAsset(Path.GetFileName(path), reader.ReadToEnd());
    }
}
