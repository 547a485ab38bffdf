using k8s.Models;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// On Kubernetes Prometheus scrapes pods, not load-balanced and readiness-gated Services: a node's metrics matter most
/// while it is unready, and a DaemonSet's pods each count their own lines.
/// </summary>
public class ScrapeAddressTests
{
    private static readonly PrometheusSettings Settings = new();

    public static TheoryData<string> Profiles => AppHostProfiles.All;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Prometheus_scrapes_each_StatefulSet_pod_by_its_stable_name_through_a_headless_Service_that_lists_unready_pods(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);
        var jobs = Jobs(PrometheusConfig(tree));

        var scraped = tree.All<V1StatefulSet>().Where(s => s.Metadata.Name != "prometheus" && jobs.ContainsKey(s.Metadata.Name)).ToList();
        Assert.Equal(AppHostProfiles.IsPublic(profile) ? ["geth", "lighthouse"] : ["geth"], scraped.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        foreach (var node in scraped)
        {
            var (ns, name) = (node.Metadata.NamespaceProperty, node.Metadata.Name);
            var port = node.Spec.Template.Spec.Containers[0].Ports.Single(p => p.Name == "metrics").ContainerPort;
            var job = (YamlMappingNode)jobs[name];
            var target = Scalars(((YamlMappingNode)((YamlSequenceNode)job["static_configs"])[0])["targets"]);
            Assert.Equal([$"{name}-0.{node.Spec.ServiceName}.{ns}.svc.cluster.local:{port}"], target);
            var headless = Assert.Single(tree.All<V1Service>(), s => s.Metadata.Name == node.Spec.ServiceName && s.Metadata.NamespaceProperty == ns);
            Assert.Equal(("None", true), (headless.Spec.ClusterIP, headless.Spec.PublishNotReadyAddresses));
        }
    }

    [Fact]
    public async Task Prometheus_discovers_every_Fluent_Bit_pod_through_the_A_records_of_its_headless_Service()
    {
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);

        var job = (YamlMappingNode)Jobs(PrometheusConfig(tree))["fluent-bit"];

        Assert.False(job.Children.ContainsKey("static_configs"));
        var lookup = (YamlMappingNode)Assert.Single((YamlSequenceNode)job["dns_sd_configs"]);
        Assert.Equal(["fluent-bit.logging.svc.cluster.local"], Scalars(lookup["names"]));
        Assert.Equal(("A", "2020"), (Scalar(lookup["type"]), Scalar(lookup["port"])));
        var service = Assert.Single(tree.All<V1Service>(), s => s.Metadata.Name == "fluent-bit");
        Assert.Equal(("None", true), (service.Spec.ClusterIP, service.Spec.PublishNotReadyAddresses));
        Assert.Equal(2020, Assert.Single(tree.All<V1DaemonSet>()).Spec.Template.Spec.Containers[0].Ports.Single(p => p.Name == "http").ContainerPort);
    }

    [Fact]
    public async Task Targets_behind_one_DNS_name_become_an_A_record_lookup_whose_instances_get_the_targets_labels_and_promtool_accepts_it()
    {
        var configuration = PrometheusConfigGenerator.Generate(
            [Target("shipper", "shipper.logging.svc.cluster.local:2020", ScrapeDiscovery.DnsA, ("chain", "any"))],
            PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder),
            Settings);

        var job = (YamlMappingNode)Jobs(configuration)["shipper"];
        var relabel = (YamlMappingNode)Assert.Single((YamlSequenceNode)job["relabel_configs"]);
        Assert.Equal(("chain", "any"), (Scalar(relabel["target_label"]), Scalar(relabel["replacement"])));
        var check = await Promtool.CheckConfigAsync(configuration);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void A_job_mixing_static_and_DNS_discovered_targets_fails_naming_the_job()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PrometheusConfigGenerator.Generate(
            [Target("mixed", "a:1", ScrapeDiscovery.Static), Target("mixed", "b.svc:1", ScrapeDiscovery.DnsA)], [], Settings));

        Assert.Contains("'mixed' mixes static and DNS-discovered targets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DNS_discovered_targets_of_one_job_with_different_labels_fail_naming_the_job()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PrometheusConfigGenerator.Generate(
            [Target("agents", "a.svc:1", ScrapeDiscovery.DnsA, ("network", "one")), Target("agents", "b.svc:1", ScrapeDiscovery.DnsA, ("network", "two"))],
            [],
            Settings));

        Assert.Contains("'agents' discovers targets by DNS with different labels", error.Message, StringComparison.Ordinal);
    }

    private static ScrapeTarget Target(string job, string address, ScrapeDiscovery discovery, params (string Name, string Value)[] labels) =>
        new(job, address, "/metrics", labels.Append(("instance", job)).ToDictionary(l => l.Item1, l => l.Item2)) { Discovery = discovery };

    private static string PrometheusConfig(PublishedTree tree) =>
        ConfigMounts.Files(tree, tree.All<V1StatefulSet>().Single(s => s.Metadata.Name == "prometheus").Spec.Template, PrometheusResource.ConfigDirectory)["prometheus.yml"];

    private static Dictionary<string, YamlNode> Jobs(string configuration)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(configuration));
        return ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["scrape_configs"])
            .Cast<YamlMappingNode>()
            .ToDictionary(job => Scalar(job["job_name"]), job => (YamlNode)job);
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static List<string> Scalars(YamlNode node) => ((YamlSequenceNode)node).Select(Scalar).ToList();
}
