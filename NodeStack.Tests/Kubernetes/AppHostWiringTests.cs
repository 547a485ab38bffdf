using NodeStack.Hosting;
using k8s.Models;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// The real AppHost's components on Kubernetes reach each other by Service DNS names, and get their configuration from
/// the same generators and assets as the local run.
/// </summary>
public class AppHostWiringTests
{
    private static readonly string[] Sepolia = ["--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet"];

    [Fact]
    public async Task Geth_accepts_the_host_names_Lighthouse_and_cluster_clients_reach_it_by()
    {
        var tree = await AppHostPublish.TreeAsync(Sepolia);
        var containers = tree.PodTemplates().ToDictionary(p => p.Name, p => p.Template.Spec.Containers[0]);

        string[] names = ["localhost", "geth", "geth.eth-nodes", "geth.eth-nodes.svc", "geth.eth-nodes.svc.cluster.local"];
        Assert.Contains("--http.vhosts=" + string.Join(',', names), containers["geth"].Args);
        Assert.Contains("--authrpc.vhosts=" + string.Join(',', names), containers["geth"].Args);
        Assert.Contains("--execution-endpoint=http://geth.eth-nodes.svc.cluster.local:8551", containers["lighthouse"].Args);
        Assert.Contains("--checkpoint-sync-url=https://checkpoint-sync.sepolia.ethpandaops.io", containers["lighthouse"].Args);
    }

    [Fact]
    public async Task Published_Lighthouse_opens_its_QUIC_port_and_writes_uncoloured_logs_for_Fluent_Bit_to_parse()
    {
        var tree = await AppHostPublish.TreeAsync(Sepolia);

        var lighthouse = tree.PodTemplates().Single(p => p.Name == "lighthouse").Template.Spec.Containers[0];
        Assert.Contains("--quic-port=9001", lighthouse.Args);
        Assert.Contains("--log-color=false", lighthouse.Args);
        Assert.DoesNotContain("--logfile-color", lighthouse.Args);
        Assert.Contains(lighthouse.Ports, p => (p.Name, p.ContainerPort, p.Protocol) == ("quic", 9001, "UDP"));
        var policy = tree.All<V1NetworkPolicy>().Single(p => p.Metadata.Name == "lighthouse-ingress");
        Assert.Contains("any source -> quic", NetworkAllows.Rules(policy));
    }

    [Fact]
    public void Bitcoin_Core_starts_bitcoind_directly_as_the_node_user_and_is_probed_with_bitcoin_cli()
    {
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);

        var bitcoin = tree.PodTemplates().Single(p => p.Name == "bitcoin").Template.Spec.Containers[0];
        Assert.Equal(["bitcoind", "-datadir=/home/bitcoin/.bitcoin"], bitcoin.Command);
        Assert.Equal(ContainerUserBuilderExtensions.NodeUser, bitcoin.SecurityContext.RunAsUser);
        Assert.Equal(["bitcoin-cli", "-datadir=/home/bitcoin/.bitcoin", "-chain=regtest", "-rpcclienttimeout=5", "getblockchaininfo"], bitcoin.ReadinessProbe.Exec.Command);
        Assert.Equal("rpc", bitcoin.LivenessProbe.TcpSocket.Port.Value);
    }

    [Fact]
    public void The_exporter_listens_on_9332_and_Prometheus_scrapes_it_there()
    {
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);

        var exporter = tree.PodTemplates().Single(p => p.Name == "bitcoin-exporter").Template.Spec.Containers[0];
        Assert.Equal(9332, Assert.Single(exporter.Ports).ContainerPort);
        Assert.Equal("9332", exporter.Env.Single(e => e.Name == "HTTP_PORTS").Value);
        Assert.Equal("nodestack/bitcoin-exporter:1.0.0", exporter.Image);
        var config = PrometheusConfig(tree);
        Assert.Contains("- bitcoin-exporter.btc-nodes.svc.cluster.local:9332", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_gets_the_local_runs_generated_config_with_service_addresses_and_the_embedded_rules()
    {
        var tree = await AppHostPublish.TreeAsync(Sepolia);
        var prometheus = tree.All<V1StatefulSet>().Single(s => s.Metadata.Name == "prometheus").Spec.Template;

        var files = ConfigMounts.Files(tree, prometheus, PrometheusResource.ConfigDirectory);

        Assert.Equal(MonitoringAssets.PrometheusRules.Select(r => ("rules/" + r.FileName, r.Content)), files.Where(f => f.Key != "prometheus.yml").Select(f => (f.Key, f.Value)));
        var config = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(files["prometheus.yml"]);
        var jobs = ((List<object>)config["scrape_configs"]).Cast<Dictionary<object, object>>().ToList();
        var targets = jobs.Where(job => job.ContainsKey("static_configs"))
            .SelectMany(job => ((List<object>)job["static_configs"]).Cast<Dictionary<object, object>>())
            .SelectMany(target => ((List<object>)target["targets"]).Cast<string>());
        var discovered = jobs.Where(job => job.ContainsKey("dns_sd_configs"))
            .SelectMany(job => ((List<object>)job["dns_sd_configs"]).Cast<Dictionary<object, object>>())
            .SelectMany(lookup => ((List<object>)lookup["names"]).Cast<string>().Select(name => $"{name}:{lookup["port"]}"));
        Assert.Equal(
            ["bitcoin-exporter.btc-nodes.svc.cluster.local:9332", "geth-0.geth-headless.eth-nodes.svc.cluster.local:6060",
             "lighthouse-0.lighthouse-headless.eth-nodes.svc.cluster.local:5054", "localhost:9090"],
            targets);
        Assert.Equal(["fluent-bit.logging.svc.cluster.local:2020"], discovered);
    }

    [Fact]
    public void Grafana_is_provisioned_with_Prometheus_service_URL_and_the_embedded_dashboards_and_no_unread_URL_variable()
    {
        var tree = PublishedTree.Load(AppHostPublish.CommittedTree);
        var grafana = tree.All<V1Deployment>().Single(d => d.Metadata.Name == "grafana").Spec.Template;

        var provisioning = ConfigMounts.Files(tree, grafana, GrafanaResource.ProvisioningDirectory);
        var dashboards = ConfigMounts.Files(tree, grafana, GrafanaResource.DashboardsDirectory);

        Assert.Equal(GrafanaProvisioning.DataSources("http://prometheus.monitoring.svc.cluster.local:9090", TimeSpan.FromSeconds(15)), provisioning["datasources/nodestack.yaml"]);
        Assert.Equal(GrafanaProvisioning.DashboardProviders(GrafanaResource.DashboardsDirectory), provisioning["dashboards/nodestack.yaml"]);
        Assert.Equal(MonitoringAssets.GrafanaDashboards.Select(d => (d.FileName, d.Content)), dashboards.Select(d => (d.Key, d.Value)));
        Assert.Contains(grafana.Spec.Containers[0].VolumeMounts, m => m.MountPath == GrafanaResource.DataDirectory);
        Assert.Contains(grafana.Spec.Volumes, v => v.Name.Contains("var-lib-grafana", StringComparison.Ordinal) && v.EmptyDir is not null);
        Assert.DoesNotContain(grafana.Spec.Containers[0].Env, e => e.Value?.Contains("prometheus", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Fluent_Bit_tails_exactly_the_node_pods_with_the_local_runs_parsers_and_Lua_filter()
    {
        var tree = await AppHostPublish.TreeAsync(Sepolia);
        var fluentBit = Assert.Single(tree.All<V1DaemonSet>()).Spec.Template;

        var files = ConfigMounts.Files(tree, fluentBit, FluentBitResource.ConfigDirectory);

        Assert.Equal(MonitoringAssets.FluentBitLuaScript.Content, files[FluentBitConfigGenerator.LuaScriptFileName]);
        var config = files[FluentBitConfigGenerator.ConfigFileName];
        Assert.Equal(
            ["/var/log/containers/bitcoin-[0-9]*_btc-nodes_bitcoin-*.log", "/var/log/containers/geth-[0-9]*_eth-nodes_geth-*.log",
             "/var/log/containers/lighthouse-[0-9]*_eth-nodes_lighthouse-*.log"],
            config.Split('\n').Where(l => l.Trim().StartsWith("path: /var/log/containers/", StringComparison.Ordinal)).Select(l => l.Trim()["path: ".Length..]));
        foreach (var parser in new[] { "nodestack-geth", "nodestack-bitcoind", "nodestack-lighthouse" })
        {
            Assert.Contains($"name: {parser}", config, StringComparison.Ordinal);
        }

        Assert.Contains("name: stdout", config, StringComparison.Ordinal);
        Assert.Equal([0L], fluentBit.Spec.SecurityContext.SupplementalGroups.Select(g => g!.Value));
        Assert.Equal(ContainerUserBuilderExtensions.NodeUser, fluentBit.Spec.SecurityContext.RunAsUser);
    }

    private static string PrometheusConfig(PublishedTree tree) =>
        ConfigMounts.Files(tree, tree.All<V1StatefulSet>().Single(s => s.Metadata.Name == "prometheus").Spec.Template, PrometheusResource.ConfigDirectory)["prometheus.yml"];
}
