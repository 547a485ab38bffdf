using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// Reads the promtool rule unit tests and records, per alert, whether some test expects it to fire and whether
/// some test shows it quiet: an evaluation expecting no alert, or one where an input instance is absent from the
/// expected alerts (promtool compares the alert list exactly).
/// </summary>
internal sealed partial class RuleTestCoverage
{
    public HashSet<string> Fires { get; } = new(StringComparer.Ordinal);

    public HashSet<string> StaysQuiet { get; } = new(StringComparer.Ordinal);

    public static RuleTestCoverage Load(string folder)
    {
        var coverage = new RuleTestCoverage();
        foreach (var file in Directory.GetFiles(folder, "*.test.yml"))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            foreach (var test in ((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["tests"]).Cast<YamlMappingNode>())
            {
                coverage.Add(test);
            }
        }

        return coverage;
    }

    private void Add(YamlMappingNode test)
    {
        var inputInstances = ((YamlSequenceNode)test["input_series"]).Cast<YamlMappingNode>()
            .Select(series => InstanceLabel().Match(((YamlScalarNode)series["series"]).Value!))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var evaluation in ((YamlSequenceNode)test["alert_rule_test"]).Cast<YamlMappingNode>())
        {
            var alert = ((YamlScalarNode)evaluation["alertname"]).Value!;
            var expected = ((YamlSequenceNode)evaluation["exp_alerts"]).Cast<YamlMappingNode>()
                .Select(a => ((YamlScalarNode)((YamlMappingNode)a["exp_labels"])["instance"]).Value!)
                .ToHashSet(StringComparer.Ordinal);

            if (expected.Count > 0)
            {
                Fires.Add(alert);
            }

            if (expected.Count == 0 || inputInstances.Except(expected).Any())
            {
                StaysQuiet.Add(alert);
            }
        }
    }

    [GeneratedRegex("instance=\"([^\"]+)\"")]
    private static partial Regex InstanceLabel();
}
