using System.Text.RegularExpressions;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Monitoring;

public partial class AlertRuleTests
{
    private static readonly string[] Severities = ["critical", "warning", "info"];
    private static readonly string RuleTestsFolder = Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Tests", "Monitoring", "RuleTests");

    [Fact]
    public async Task Promtool_accepts_every_alert_rule_file()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        using var folder = WriteRules();

        var result = await ToolProcess.RunAsync(
            promtool, ["check", "rules", .. MonitoringAssets.PrometheusRules.Select(r => Path.Combine(folder.Path, "rules", r.FileName))]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Promtool_unit_tests_show_each_alert_firing_and_not_firing()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        using var folder = WriteRules();
        var tests = Directory.GetFiles(RuleTestsFolder, "*.test.yml").Order(StringComparer.Ordinal).ToList();
        foreach (var test in tests)
        {
            File.Copy(test, Path.Combine(folder.Path, Path.GetFileName(test)));
        }

        var result = await ToolProcess.RunAsync(promtool, ["test", "rules", .. tests.Select(Path.GetFileName)!], folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(tests.Count, Regex.Count(result.Output + result.Error, "SUCCESS"));
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_one_where_it_does_not()
    {
        var coverage = RuleTestCoverage.Load(RuleTestsFolder);

        foreach (var alert in AllRules().Select(rule => rule.Alert))
        {
            Assert.True(coverage.Fires.Contains(alert), $"No promtool test expects {alert} to fire.");
            Assert.True(coverage.StaysQuiet.Contains(alert), $"No promtool test shows {alert} not firing.");
        }
    }

    [Fact]
    public void Every_alert_has_a_severity_summary_and_description()
    {
        var rules = AllRules();

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.Contains(rule.Severity, Severities);
            Assert.False(string.IsNullOrWhiteSpace(rule.Summary), $"{rule.Alert} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), $"{rule.Alert} has no description.");
        }
    }

    [Fact]
    public void Alert_names_are_unique_across_rule_files()
    {
        var names = AllRules().Select(rule => rule.Alert).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Alerts_use_only_metrics_their_sources_export()
    {
        var known = MetricNameList.Exporter.Concat(MetricNameList.Geth).Concat(MetricNameList.Lighthouse).Concat(MetricNameList.Prometheus)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var rule in AllRules())
        {
            var unknown = PromQlMetricNames.In(rule.Expression).Where(name => !known.Contains(name)).ToList();
            Assert.True(unknown.Count == 0, $"{rule.Alert} uses metrics no source exports: {string.Join(", ", unknown)}");
        }
    }

    [Fact]
    public void The_monitoring_page_lists_every_alert_with_its_severity()
    {
        var page = File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot, "docs", "monitoring.md"));

        foreach (var rule in AllRules())
        {
            Assert.Contains($"| {rule.Alert} | {rule.Severity} |", page, StringComparison.Ordinal);
        }
    }

    private sealed record AlertRule(string Alert, string Expression, string Severity, string Summary, string Description);

    private static List<AlertRule> AllRules()
    {
        var rules = new List<AlertRule>();
        foreach (var file in MonitoringAssets.PrometheusRules)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(file.Content));
            var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
            foreach (var rule in groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()))
            {
                var labels = (YamlMappingNode)rule["labels"];
                var annotations = (YamlMappingNode)rule["annotations"];
                rules.Add(new AlertRule(
                    Scalar(rule, "alert"), Scalar(rule, "expr"), Scalar(labels, "severity"), Scalar(annotations, "summary"), Scalar(annotations, "description")));
            }
        }

        return rules;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

    private static TemporaryFolder WriteRules()
    {
        var folder = new TemporaryFolder();
        foreach (var rule in MonitoringAssets.PrometheusRules)
        {
            folder.Write(Path.Combine("rules", rule.FileName), rule.Content);
        }

        return folder;
    }
}
