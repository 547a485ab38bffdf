using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// The real exporter is the source of truth for Fixtures/MetricNames/exporter.txt, the list that dashboards and alert
/// rules are checked against: the list holds exactly what the exporter serves, with the same label names, and each
/// family it marks as conditional is left out exactly when its condition does not hold.
/// </summary>
public sealed partial class ExporterMetricNamesTests
{
    private static IEnumerable<ListedMetric> Conditional => MetricNameList.ExporterFamilies.Where(family => family.Condition is not null);

    [Fact]
    public async Task A_synced_Bitcoin_Core_gets_every_listed_family_with_its_labels_and_nothing_else()
    {
        // The recorded synced node has bans, a txindex and a block filter index, and fee data: every condition holds.
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        var served = ServedFamilies(await exporter.ScrapeAsync());

        Assert.Equal(MetricNameList.Exporter.Order(StringComparer.Ordinal), served.Keys.Order(StringComparer.Ordinal));
        Assert.All(MetricNameList.ExporterFamilies, family =>
            Assert.True(family.Labels.SetEquals(served[family.Name]),
                $"{family.Name} is listed with labels {{{string.Join(",", family.Labels)}}} but served with {{{string.Join(",", served[family.Name])}}}"));
    }

    [Fact]
    public async Task Conditional_families_are_left_out_exactly_while_their_condition_does_not_hold()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Change(results =>
        {
            results["listbanned"] = new JsonArray();
            results["getindexinfo"] = new JsonObject();
            results["estimatesmartfee"] = new JsonObject();
        });
        node.Fault = SimulatedFault.Unauthorized;
        await using var exporter = await ExporterHost.StartAsync(node);

        var beforeFirstSuccess = await exporter.ScrapeAsync();
        node.Fault = SimulatedFault.None;
        var withoutBansIndexesOrFeeData = ServedFamilies(await exporter.ScrapeAsync());

        Assert.False(beforeFirstSuccess.HasFamily("bitcoin_exporter_last_success_timestamp_seconds"));
        var leftOut = MetricNameList.Exporter.Except(withoutBansIndexesOrFeeData.Keys).Order(StringComparer.Ordinal);
        var expected = Conditional.Select(family => family.Name).Where(name => name != "bitcoin_exporter_last_success_timestamp_seconds");
        Assert.Equal(expected.Order(StringComparer.Ordinal), leftOut);
    }

    [Fact]
    public void Every_conditional_family_says_when_it_is_left_out()
    {
        Assert.All(Conditional, family => Assert.StartsWith("only ", family.Condition, StringComparison.Ordinal));
    }

    /// <summary>Each family with samples, and the label names its samples carry.</summary>
    private static Dictionary<string, HashSet<string>> ServedFamilies(ScrapedMetrics metrics)
    {
        var families = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var series in metrics.Samples.Keys)
        {
            var name = series.Split('{')[0];
            var labels = families.TryGetValue(name, out var known) ? known : families[name] = new HashSet<string>(StringComparer.Ordinal);
            labels.UnionWith(LabelName().Matches(series).Select(match => match.Groups[1].Value));
        }

        return families;
    }

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""(?:[^""\\]|\\.)*""")]
    private static partial Regex LabelName();
}
