using System.Text.Json;
using System.Text.RegularExpressions;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Monitoring;

public partial class GrafanaDashboardTests
{
    public static TheoryData<string> Dashboards => new(MonitoringAssets.GrafanaDashboards.Select(d => d.FileName));

    [Fact]
    public void NodeStack_ships_the_Overview_Bitcoin_Core_and_Ethereum_dashboards()
    {
        Assert.Equal(["bitcoin-core.json", "ethereum.json", "overview.json"], MonitoringAssets.GrafanaDashboards.Select(d => d.FileName));
    }

    [Fact]
    public async Task Promtool_accepts_every_panel_query_as_PromQL()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        var queries = MonitoringAssets.GrafanaDashboards.SelectMany(d => PanelQueries(d).Select(q => q.Expression)).ToList();
        using var folder = new TemporaryFolder();
        var rules = folder.Write("panels.yml", AsRecordingRules(queries));

        var result = await ToolProcess.RunAsync(promtool, ["check", "rules", rules]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"SUCCESS: {queries.Count} rules found", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("overview.json")]
    [InlineData("bitcoin-core.json")]
    [InlineData("ethereum.json")]
    public void Every_panel_query_uses_only_metrics_its_source_exports(string dashboard)
    {
        var known = KnownMetricsFor(dashboard);

        foreach (var query in PanelQueries(Dashboard(dashboard)))
        {
            var unknown = PromQlMetricNames.In(query.Expression).Where(name => !known.Contains(name)).ToList();
            Assert.True(unknown.Count == 0, $"Panel '{query.Panel}' in {dashboard} queries metrics no source exports: {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void The_Bitcoin_Core_dashboard_shows_every_metric_the_exporter_exports()
    {
        var shown = PanelQueries(Dashboard("bitcoin-core.json")).SelectMany(q => PromQlMetricNames.In(q.Expression)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(MetricNameList.Exporter.Except(shown).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_dashboard_is_read_only_and_every_panel_queries_the_provisioned_Prometheus(string dashboard)
    {
        using var json = JsonDocument.Parse(Dashboard(dashboard).Content);
        var root = json.RootElement;

        Assert.False(root.GetProperty("editable").GetBoolean());
        Assert.StartsWith("nodestack-", root.GetProperty("uid").GetString(), StringComparison.Ordinal);
        foreach (var panel in root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.Equal(GrafanaProvisioning.PrometheusDataSourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target =>
                Assert.Equal(GrafanaProvisioning.PrometheusDataSourceUid, target.GetProperty("datasource").GetProperty("uid").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"Panel '{panel.GetProperty("title")}' has no description.");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_have_unique_ids_and_fit_the_24_column_grid(string dashboard)
    {
        using var json = JsonDocument.Parse(Dashboard(dashboard).Content);
        var panels = json.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, panel =>
        {
            var grid = panel.GetProperty("gridPos");
            Assert.InRange(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), 1, 24);
        });
    }

    [Fact]
    public void Dashboard_uids_are_unique()
    {
        var uids = MonitoringAssets.GrafanaDashboards.Select(d => JsonDocument.Parse(d.Content).RootElement.GetProperty("uid").GetString()).ToList();

        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    internal sealed record PanelQuery(string Panel, string Expression);

    /// <summary>Every panel target's expression with Grafana's variables replaced by values Prometheus accepts.</summary>
    internal static List<PanelQuery> PanelQueries(MonitoringAsset dashboard)
    {
        using var json = JsonDocument.Parse(dashboard.Content);
        return json.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => new PanelQuery(panel.GetProperty("title").GetString()!, WithoutVariables(target.GetProperty("expr").GetString()!))))
            .ToList();
    }

    internal static MonitoringAsset Dashboard(string fileName) => MonitoringAssets.GrafanaDashboards.Single(d => d.FileName == fileName);

    private static string WithoutVariables(string expression)
    {
        var text = expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal);
        return TemplateVariable().Replace(text, ".*");
    }

    private static string AsRecordingRules(IEnumerable<string> queries) =>
        "groups:\n  - name: panels\n    rules:\n" + string.Concat(queries.Select((query, i) =>
            $"      - record: panel_query_{i}\n        expr: {JsonSerializer.Serialize(query)}\n"));

    private static HashSet<string> KnownMetricsFor(string dashboard)
    {
        var sources = dashboard switch
        {
            "bitcoin-core.json" => [MetricNameList.Exporter, MetricNameList.Prometheus],
            "ethereum.json" => [MetricNameList.Geth, MetricNameList.Lighthouse, MetricNameList.Prometheus],
            _ => new[] { MetricNameList.Exporter, MetricNameList.Geth, MetricNameList.Lighthouse, MetricNameList.Prometheus },
        };
        return sources.SelectMany(names => names).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\{?[A-Za-z_]\w*\}?")]
    private static partial Regex TemplateVariable();
}
