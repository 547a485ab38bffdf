using System.Globalization;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// Runs Debian's real Prometheus with NodeStack's generated configuration and rules, scraping itself, and runs the
/// dashboards' queries against it. <see cref="DashboardDataTests"/> points the same fixture at the real exporter.
/// </summary>
public class PrometheusServerTests
{
    [Fact]
    public async Task Real_Prometheus_loads_the_generated_configuration_and_NodeStacks_rules_and_scrapes_itself()
    {
        await using var prometheus = await StartSelfScrapingAsync();

        var up = await prometheus.WaitForSeriesAsync("up{job=\"prometheus\"} == 1", TimeSpan.FromSeconds(30));
        var instance = up[0].GetProperty("metric").GetProperty("instance").GetString();
        var ruleGroups = (await prometheus.QueryAsync("prometheus_rule_group_rules")).EnumerateArray()
            .Select(series => series.GetProperty("metric").GetProperty("rule_group").GetString()!.Split(';')[1])
            .Order(StringComparer.Ordinal);

        Assert.Equal("prometheus", instance);
        Assert.Equal(["nodestack-bitcoin", "nodestack-bitcoin-exporter", "nodestack-ethereum", "nodestack-targets"], ruleGroups);
    }

    [Theory]
    [InlineData("overview.json")]
    [InlineData("bitcoin-core.json")]
    [InlineData("ethereum.json")]
    public async Task Every_dashboard_query_executes_on_a_real_Prometheus(string dashboard)
    {
        await using var prometheus = await StartSelfScrapingAsync();
        await prometheus.WaitForSeriesAsync("up", TimeSpan.FromSeconds(30));

        foreach (var query in GrafanaDashboardTests.PanelQueries(GrafanaDashboardTests.Dashboard(dashboard)))
        {
            var result = await prometheus.QueryAsync(query.Expression);
            Assert.Equal(System.Text.Json.JsonValueKind.Array, result.ValueKind);
        }
    }

    [Fact]
    public async Task The_overview_shows_the_self_scrape_target_and_no_firing_alerts()
    {
        await using var prometheus = await StartSelfScrapingAsync();
        await prometheus.WaitForSeriesAsync("up", TimeSpan.FromSeconds(30));

        var firing = await prometheus.QueryAsync("count(ALERTS{alertstate=\"firing\"}) or vector(0)");
        var targets = await prometheus.QueryAsync("up");

        Assert.Equal("0", firing[0].GetProperty("value")[1].GetString());
        Assert.Equal("1", targets[0].GetProperty("value")[1].GetString());
    }

    private static Task<PrometheusServer> StartSelfScrapingAsync()
    {
        var settings = new PrometheusSettings { ScrapeInterval = TimeSpan.FromSeconds(1), EvaluationInterval = TimeSpan.FromSeconds(1) };
        string Configuration(int port) => PrometheusConfigGenerator.Generate(
            [new ScrapeTarget("prometheus", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"), "/metrics", new Dictionary<string, string> { ["instance"] = "prometheus" })],
            PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder),
            settings);

        return PrometheusServer.StartAsync(
            Configuration,
            MonitoringAssets.PrometheusRules.Select(rule => (Path.Combine(PrometheusResource.RulesFolder, rule.FileName), rule.Content)));
    }
}
