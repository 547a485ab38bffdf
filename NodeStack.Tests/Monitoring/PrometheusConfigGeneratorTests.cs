using System.Globalization;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Monitoring;

public class PrometheusConfigGeneratorTests
{
    // The local run resolves container endpoints to <container-network alias>:<target port>; Kubernetes to service DNS.
    private static readonly Func<EndpointReference, CancellationToken, ValueTask<string>> ContainerNetwork =
        (endpoint, _) => ValueTask.FromResult(string.Create(CultureInfo.InvariantCulture, $"{endpoint.Resource.Name}:{endpoint.EndpointAnnotation.TargetPort}"));

    private static readonly Func<EndpointReference, CancellationToken, ValueTask<string>> KubernetesServices =
        (endpoint, _) => ValueTask.FromResult(string.Create(CultureInfo.InvariantCulture, $"{endpoint.Resource.Name}.monitoring.svc.cluster.local:{endpoint.EndpointAnnotation.TargetPort}"));

    [Fact]
    public async Task Promtool_accepts_the_configuration_generated_from_the_model_with_NodeStacks_rules()
    {
        var result = await Promtool.CheckConfigAsync(await GenerateAsync(ContainerNetwork));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Promtool.RuleFilesFound, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_scraped_resource_becomes_a_static_target_labelled_with_its_resource_name_network_and_chain()
    {
        var jobs = ScrapeJobs(await GenerateAsync(ContainerNetwork));

        Assert.Equal(["bitcoin-exporter", "fluent-bit", "geth", "lighthouse", "prometheus"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/debug/metrics/prometheus", jobs["geth"].Path);
        Assert.Equal("geth:6060", jobs["geth"].Target);
        Assert.Equal("geth", jobs["geth"].Labels["instance"]);
        Assert.Equal("sepolia", jobs["geth"].Labels["network"]);
        Assert.Equal("sepolia", jobs["lighthouse"].Labels["network"]);
        Assert.Equal("ethereum", jobs["geth"].Labels["chain"]);
        Assert.Equal("regtest", jobs["bitcoin-exporter"].Labels["network"]);
        Assert.Equal("/api/v2/metrics/prometheus", jobs["fluent-bit"].Path);
    }

    [Fact]
    public async Task Prometheus_scrapes_itself_on_localhost_in_every_runtime()
    {
        var local = ScrapeJobs(await GenerateAsync(ContainerNetwork));
        var kubernetes = ScrapeJobs(await GenerateAsync(KubernetesServices));

        Assert.Equal("localhost:9090", local["prometheus"].Target);
        Assert.Equal("localhost:9090", kubernetes["prometheus"].Target);
    }

    [Fact]
    public async Task The_local_and_Kubernetes_configurations_differ_only_in_target_addresses()
    {
        var local = await GenerateAsync(ContainerNetwork);
        var kubernetes = await GenerateAsync(KubernetesServices);

        Assert.NotEqual(local, kubernetes);
        Assert.Equal(local, kubernetes.Replace(".monitoring.svc.cluster.local", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generating_twice_gives_identical_bytes()
    {
        Assert.Equal(await GenerateAsync(ContainerNetwork), await GenerateAsync(ContainerNetwork));
    }

    [Fact]
    public async Task The_configuration_has_intervals_external_labels_and_every_rule_file()
    {
        var root = Parse(await GenerateAsync(ContainerNetwork));
        var global = (YamlMappingNode)root["global"];

        Assert.Equal("15s", ((YamlScalarNode)global["scrape_interval"]).Value);
        Assert.Equal("15s", ((YamlScalarNode)global["evaluation_interval"]).Value);
        Assert.Equal("nodestack", ((YamlScalarNode)((YamlMappingNode)global["external_labels"])["monitor"]).Value);
        Assert.Equal(
            MonitoringAssets.PrometheusRules.Select(r => $"rules/{r.FileName}"),
            ((YamlSequenceNode)root["rule_files"]).Select(n => ((YamlScalarNode)n).Value));
    }

    [Fact]
    public async Task A_scrape_annotation_naming_a_missing_endpoint_fails_with_the_endpoints_the_resource_has()
    {
        var builder = ModelBuilders.Run();
        var prometheus = builder.AddPrometheus("prometheus");
        builder.AddContainer("node", "example/node", "1.0").WithHttpEndpoint(targetPort: 80, name: "http")
            .WithAnnotation(new PrometheusScrapeAnnotation("metrics", "/metrics", "node"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ScrapeTargetDiscovery.DiscoverAsync(builder.Resources, prometheus.Resource, ContainerNetwork, TestContext.Current.CancellationToken));

        Assert.Contains("'node'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'metrics'", error.Message, StringComparison.Ordinal);
        Assert.Contains("it has: http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_targets_of_one_job_on_different_paths_are_refused()
    {
        ScrapeTarget Target(string instance, string path) =>
            new("nodes", $"{instance}:80", path, new Dictionary<string, string> { ["instance"] = instance });

        var error = Assert.Throws<InvalidOperationException>(
            () => PrometheusConfigGenerator.Generate([Target("a", "/metrics"), Target("b", "/other")], [], new PrometheusSettings()));

        Assert.Contains("'nodes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retention_shorter_than_two_hours_fails_and_names_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PrometheusSettings { Retention = TimeSpan.FromMinutes(30) }.Validated());

        Assert.Equal("Retention", error.ParamName);
    }

    [Theory]
    [InlineData(15 * 24 * 3600_000L, "15d")]
    [InlineData(5400_000L, "1h30m")]
    [InlineData(15_000L, "15s")]
    [InlineData(1_500L, "1s500ms")]
    public void Durations_are_written_in_Prometheus_syntax(long milliseconds, string expected)
    {
        Assert.Equal(expected, PrometheusDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("15d", 15 * 24 * 3600_000L)]
    [InlineData("1h30m", 5400_000L)]
    [InlineData("5ms", 5L)]
    [InlineData("1m5ms", 60_005L)]
    [InlineData("2w", 14 * 24 * 3600_000L)]
    [InlineData("1y", 365 * 24 * 3600_000L)]
    [InlineData(" 15s ", 15_000L)]
    public void Durations_in_Prometheus_syntax_are_read(string text, long milliseconds)
    {
        Assert.True(PrometheusDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("15")]
    [InlineData("15 d")]
    [InlineData("1m1h")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("999999y")]
    public void Text_that_is_not_a_positive_Prometheus_duration_is_refused(string text)
    {
        Assert.False(PrometheusDuration.TryParse(text, out _));
    }

    private static async Task<string> GenerateAsync(Func<EndpointReference, CancellationToken, ValueTask<string>> resolveAddress)
    {
        var builder = ModelBuilders.Run();
        builder.AddNodes();
        var prometheus = builder.AddPrometheus("prometheus");
        builder.AddFluentBit("fluent-bit");

        var targets = await ScrapeTargetDiscovery.DiscoverAsync(builder.Resources, prometheus.Resource, resolveAddress, TestContext.Current.CancellationToken);
        return PrometheusConfigGenerator.Generate(targets, PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder), prometheus.Resource.Settings);
    }

    private sealed record Job(string Path, string Target, IReadOnlyDictionary<string, string> Labels);

    private static Dictionary<string, Job> ScrapeJobs(string configuration) =>
        ((YamlSequenceNode)Parse(configuration)["scrape_configs"]).Cast<YamlMappingNode>().ToDictionary(
            job => ((YamlScalarNode)job["job_name"]).Value!,
            job =>
            {
                var config = (YamlMappingNode)((YamlSequenceNode)job["static_configs"])[0];
                return new Job(
                    ((YamlScalarNode)job["metrics_path"]).Value!,
                    ((YamlScalarNode)((YamlSequenceNode)config["targets"])[0]).Value!,
                    ((YamlMappingNode)config["labels"]).ToDictionary(l => ((YamlScalarNode)l.Key).Value!, l => ((YamlScalarNode)l.Value).Value!));
            });

    private static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
