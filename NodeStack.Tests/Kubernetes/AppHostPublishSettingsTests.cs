using k8s.Models;
using NodeStack.Hosting.Monitoring;
using YamlDotNet.Serialization;

namespace NodeStack.Tests.Kubernetes;

/// <summary>The NodeStack:Kubernetes settings shape the real AppHost's publish: another cluster, another k3d port set, another log sink.</summary>
public class AppHostPublishSettingsTests
{
    [Fact]
    public async Task A_namespace_prefix_and_storage_class_reach_every_namespace_claim_address_and_policy()
    {
        var tree = await AppHostPublish.TreeAsync(
            "--NodeStack:Kubernetes:NamespacePrefix=lab1-", "--NodeStack:Kubernetes:StorageClass=fast-ssd", "--NodeStack:Ethereum:Network=sepolia");

        Assert.Equal(["lab1-btc-nodes", "lab1-eth-nodes", "lab1-logging", "lab1-monitoring"], tree.All<V1Namespace>().Select(n => n.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(tree.Objects.Where(o => o.Object is not V1Namespace),
            o => Assert.StartsWith("lab1-", o.Object.Metadata.NamespaceProperty, StringComparison.Ordinal));
        Assert.All(tree.All<V1StatefulSet>().SelectMany(s => s.Spec.VolumeClaimTemplates), c => Assert.Equal("fast-ssd", c.Spec.StorageClassName));
        Assert.All(tree.Objects, o => Assert.Equal("lab1-nodestack", o.Object.Metadata.Labels["app.kubernetes.io/instance"]));
        var geth = tree.PodTemplates().Single(p => p.Name == "geth").Template.Spec.Containers[0];
        Assert.Contains(geth.Args, a => a.StartsWith("--authrpc.vhosts=", StringComparison.Ordinal) && a.EndsWith(",geth.lab1-eth-nodes.svc.cluster.local", StringComparison.Ordinal));
        var prometheus = tree.All<V1StatefulSet>().Single(s => s.Metadata.Name == "prometheus").Spec.Template;
        Assert.Contains("geth-0.geth-headless.lab1-eth-nodes.svc.cluster.local:6060", ConfigMounts.Files(tree, prometheus, PrometheusResource.ConfigDirectory)["prometheus.yml"], StringComparison.Ordinal);
        var fluentBit = Assert.Single(tree.All<V1DaemonSet>()).Spec.Template;
        Assert.Contains("_lab1-eth-nodes_geth-*.log", ConfigMounts.Files(tree, fluentBit, FluentBitResource.ConfigDirectory)[FluentBitConfigGenerator.ConfigFileName], StringComparison.Ordinal);
        Assert.All(NetworkAllows.Of(tree).SelectMany(a => a.Value).Where(r => !r.StartsWith("any source", StringComparison.Ordinal)),
            rule => Assert.StartsWith("lab1-", rule, StringComparison.Ordinal));
        Assert.Equal(["lab1-btc-nodes", "lab1-eth-nodes", "lab1-logging"], tree.All<V1Role>().Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.All(tree.All<V1RoleBinding>(), b => Assert.Equal("lab1-logging", Assert.Single(b.Subjects).NamespaceProperty));
    }

    [Fact]
    public async Task A_prefixed_stack_on_k3d_is_not_exposed_on_the_host_so_it_shares_the_cluster_with_the_exposed_stack_without_collisions()
    {
        var prefixed = await AppHostPublish.TreeAsync("--NodeStack:Kubernetes:NamespacePrefix=lab1-");
        var exposed = PublishedTree.Load(AppHostPublish.CommittedTree);

        Assert.DoesNotContain(prefixed.All<V1Service>(), s => s.Spec.Type == "NodePort");
        Assert.Empty((List<object>)new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(prefixed.Files()["k3d/cluster.yaml"])["ports"]);
        Assert.DoesNotContain(NetworkAllows.Of(prefixed).SelectMany(a => a.Value), rule => rule.StartsWith("any source", StringComparison.Ordinal));
        Assert.Empty(prefixed.Objects.Select(o => o.Object.Metadata.NamespaceProperty ?? o.Object.Metadata.Name)
            .Intersect(exposed.Objects.Select(o => o.Object.Metadata.NamespaceProperty ?? o.Object.Metadata.Name)));
        Assert.Contains(exposed.All<V1Service>(), s => s.Spec.Type == "NodePort");
    }

    [Fact]
    public async Task A_logs_OTLP_endpoint_sends_Fluent_Bits_records_there_over_OTLP_HTTP_instead_of_standard_output()
    {
        var tree = await AppHostPublish.TreeAsync("--NodeStack:Kubernetes:LogsOtlpEndpoint=https://otel-collector.observability.svc:4318");
        var fluentBit = Assert.Single(tree.All<V1DaemonSet>()).Spec.Template;

        var config = ConfigMounts.Files(tree, fluentBit, FluentBitResource.ConfigDirectory)[FluentBitConfigGenerator.ConfigFileName];

        var pipeline = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(config)["pipeline"];
        Assert.All((List<object>)pipeline["outputs"], o =>
        {
            var output = (Dictionary<object, object>)o;
            Assert.Equal("opentelemetry", output["name"]);
            Assert.Equal(("otel-collector.observability.svc", "4318", "on", "on", "/v1/logs"),
                (output["host"], output["port"], output["tls"], output["tls.verify"], output["logs_uri"]));
        });
        Assert.DoesNotContain("name: stdout", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regtest", "18443")]
    [InlineData("signet", "38332")]
    [InlineData("testnet4", "48332")]
    [InlineData("main", "8332")]
    public async Task K3d_maps_geth_bitcoin_grafana_and_prometheus_to_loopback_only_with_the_networks_bitcoin_RPC_port(string network, string rpcPort)
    {
        var tree = network == "regtest" ? PublishedTree.Load(AppHostPublish.CommittedTree) : await AppHostPublish.TreeAsync($"--NodeStack:Bitcoin:Network={network}");

        var config = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(tree.Files()["k3d/cluster.yaml"]);

        // The keys k3d v5's v1alpha5 Simple schema allows at the top level (it rejects any other).
        Assert.Empty(config.Keys.Except(["apiVersion", "kind", "metadata", "servers", "agents", "kubeAPI", "image", "network", "subnet", "token",
            "volumes", "manifests", "ports", "options", "env", "registries", "hostAliases"]));
        Assert.Equal(("k3d.io/v1alpha5", "Simple", "1", "2"), (config["apiVersion"], config["kind"], config["servers"], config["agents"]));
        Assert.Matches(@"^rancher/k3s:v1\.\d+\.\d+-k3s\d+$", (string)config["image"]);
        var ports = ((List<object>)config["ports"]).Cast<Dictionary<object, object>>().Select(p => ((string)p["port"]).Split(':')).ToList();
        Assert.All(ports, p => Assert.Equal("127.0.0.1", p[0]));
        Assert.Equal(new[] { "3000", "8545", "9090", rpcPort }.Order(StringComparer.Ordinal), ports.Select(p => p[1]).Order(StringComparer.Ordinal));
        var nodePorts = tree.All<V1Service>().Where(s => s.Spec.Type == "NodePort").SelectMany(s => s.Spec.Ports).Select(p => p.NodePort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ports.Select(p => p[2]).Order(StringComparer.Ordinal), nodePorts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_images_registry_replaces_the_registry_of_every_published_image_and_keeps_path_and_tag()
    {
        var mirrored = await AppHostPublish.TreeAsync("--NodeStack:Images:Registry=mirror.example:5000");
        var original = PublishedTree.Load(AppHostPublish.CommittedTree);

        var images = Images(mirrored);
        Assert.Equal(
            Images(original).Where(i => i.StartsWith("docker.io/", StringComparison.Ordinal)).Select(i => "mirror.example:5000/" + i["docker.io/".Length..]).Order(StringComparer.Ordinal),
            images.Where(i => !i.StartsWith("nodestack/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("mirror.example:5000/bitcoin/bitcoin:" + NodeStack.Hosting.Bitcoin.BitcoinCoreContainerImageTags.Tag, images);
    }

    private static HashSet<string> Images(PublishedTree tree) =>
        [.. tree.PodTemplates().SelectMany(p => p.Template.Spec.Containers.Concat(p.Template.Spec.InitContainers ?? [])).Select(c => c.Image)];
}
