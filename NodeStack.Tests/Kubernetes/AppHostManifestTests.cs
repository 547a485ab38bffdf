using k8s.Models;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>The rules every published tree of the real AppHost satisfies, checked over every object of every profile.</summary>
public partial class AppHostManifestTests
{
    public static TheoryData<string> Profiles => AppHostProfiles.All;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Every_object_of_every_profile_meets_the_invariants(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);

        ManifestInvariants.RestrictedSecurityEverywhere(tree);
        ManifestInvariants.ImagesArePinned(tree);
        ManifestInvariants.NoSecretValues(tree, []);
        ManifestInvariants.EveryContainerHasResourcesAndProbes(tree);
        ManifestInvariants.ServicesSelectPodsAndRealPorts(tree);
        ManifestInvariants.EveryNamespaceDeniesIngressByDefault(tree);
        ManifestInvariants.StatefulSetsRetainTheirClaims(tree);
        ManifestInvariants.StandardLabelsOnEveryObject(tree);
        ManifestInvariants.ApiAccessIsNamespacedAndReadOnly(tree);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Fluent_Bit_may_only_get_pods_in_its_own_namespace_and_in_those_of_the_pods_it_tails(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);
        var fluentBit = Assert.Single(tree.All<V1DaemonSet>());
        var config = ConfigMounts.Files(tree, fluentBit.Spec.Template, FluentBitResource.ConfigDirectory)[FluentBitConfigGenerator.ConfigFileName];

        var tailed = TailedNamespace().Matches(config).Select(m => m.Groups[1].Value);
        Assert.Equal(tailed.Append("logging").Distinct().Order(StringComparer.Ordinal), tree.All<V1Role>().Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.All(tree.All<V1Role>(), role => Assert.Equal(["pods: get"], ManifestInvariants.Grants(role)));
        Assert.All(tree.All<V1RoleBinding>(), binding => Assert.Equal(("fluent-bit", "logging"), (Assert.Single(binding.Subjects).Name, binding.Subjects[0].NamespaceProperty)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Each_namespace_admits_exactly_the_allowed_traffic_and_on_k3d_the_loopback_exposed_ports(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);
        var p2p = AppHostProfiles.IsPublic(profile);

        Assert.Equal(ExpectedAllows(p2p, hostExposed: true), NetworkAllows.Of(tree));
    }

    [Fact]
    public async Task On_an_existing_cluster_the_allows_are_exactly_the_listed_ones()
    {
        var tree = await AppHostPublish.TreeAsync(
            "--NodeStack:Kubernetes:K3dCluster=", "--NodeStack:Kubernetes:ImageRegistry=registry.example/lab", "--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet");

        Assert.Equal(ExpectedAllows(p2p: true, hostExposed: false), NetworkAllows.Of(tree));
        Assert.DoesNotContain(tree.All<V1Service>(), s => s.Spec.Type == "NodePort");
        Assert.DoesNotContain(tree.Files().Keys, f => f.StartsWith("k3d", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Nodes_are_StatefulSets_with_retained_local_path_claims_sized_for_the_profile(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);

        var claims = tree.All<V1StatefulSet>().ToDictionary(s => s.Metadata.Name, s => Assert.Single(s.Spec.VolumeClaimTemplates));
        Assert.All(claims.Values, c => Assert.Equal("local-path", c.Spec.StorageClassName));
        var sizes = claims.ToDictionary(c => c.Key, c => c.Value.Spec.Resources.Requests["storage"].ToString());
        var expected = profile switch
        {
            AppHostProfiles.Default => new Dictionary<string, string> { ["bitcoin"] = "5Gi", ["geth"] = "5Gi", ["prometheus"] = "10Gi" },
            "sepolia+signet" => new() { ["bitcoin"] = "50Gi", ["geth"] = "1Ti", ["lighthouse"] = "200Gi", ["prometheus"] = "10Gi" },
            "hoodi+testnet4" => new() { ["bitcoin"] = "50Gi", ["geth"] = "250Gi", ["lighthouse"] = "200Gi", ["prometheus"] = "10Gi" },
            _ => new() { ["bitcoin"] = "1Ti", ["geth"] = "2Ti", ["lighthouse"] = "400Gi", ["prometheus"] = "10Gi" },
        };
        Assert.Equal(expected.OrderBy(e => e.Key), sizes.OrderBy(e => e.Key));
        Assert.Equal(["bitcoin-exporter", "grafana"], tree.All<V1Deployment>().Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Equal("fluent-bit", Assert.Single(tree.All<V1DaemonSet>()).Metadata.Name);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Nodes_get_a_startup_probe_generous_enough_for_a_public_networks_first_start(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);

        foreach (var node in tree.All<V1StatefulSet>().Where(s => s.Metadata.Name != "prometheus"))
        {
            var startup = node.Spec.Template.Spec.Containers[0].StartupProbe;
            var allowed = TimeSpan.FromSeconds(startup.PeriodSeconds!.Value * startup.FailureThreshold!.Value);
            Assert.True(AppHostProfiles.IsPublic(profile) ? allowed >= TimeSpan.FromMinutes(30) : allowed <= TimeSpan.FromMinutes(5),
                $"{node.Metadata.Name} startup probe allows {allowed}");
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Nodes_get_time_to_flush_their_caches_on_shutdown_ten_minutes_for_geth_and_bitcoind_on_public_networks(string profile)
    {
        var tree = await AppHostProfiles.TreeAsync(profile);

        var grace = tree.PodTemplates().ToDictionary(p => p.Name, p => p.Template.Spec.TerminationGracePeriodSeconds);
        var expected = AppHostProfiles.IsPublic(profile)
            ? new Dictionary<string, long?> { ["bitcoin"] = 600, ["geth"] = 600, ["lighthouse"] = 300 }
            : new Dictionary<string, long?> { ["bitcoin"] = 120, ["geth"] = 120 };
        expected["prometheus"] = 120;
        expected["bitcoin-exporter"] = expected["grafana"] = expected["fluent-bit"] = 30;
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), grace.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pruning_sizes_the_bitcoin_claim_for_the_prune_target_and_chain_state()
    {
        var tree = await AppHostPublish.TreeAsync("--NodeStack:Bitcoin:Network=main", "--NodeStack:Bitcoin:Prune=2000");

        var bitcoin = Assert.Single(tree.All<V1StatefulSet>(), s => s.Metadata.Name == "bitcoin");
        Assert.Equal("27Gi", bitcoin.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());
        Assert.Contains("-prune=2000", bitcoin.Spec.Template.Spec.Containers[0].Args);
    }

    [Fact]
    public async Task Prometheus_config_in_its_ConfigMap_passes_promtool_in_the_layout_the_ConfigMap_mounts()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        foreach (var profile in AppHostProfiles.All)
        {
            var tree = await AppHostProfiles.TreeAsync(profile);
            using var folder = new TemporaryFolder();
            var prometheus = Assert.Single(tree.All<V1StatefulSet>(), s => s.Metadata.Name == "prometheus");
            var config = ConfigMounts.WriteMounted(tree, prometheus.Spec.Template, "/etc/prometheus", folder);

            var result = await ToolProcess.RunAsync(promtool, ["check", "config", Path.Combine(config, "prometheus.yml")]);

            Assert.True(result.ExitCode == 0, $"{profile}: {result}");
            Assert.Contains("SUCCESS: 3 rule files found", result.Output + result.Error, StringComparison.Ordinal);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"path: /var/log/containers/[^_]+_([^_]+)_")]
    private static partial System.Text.RegularExpressions.Regex TailedNamespace();

    private static SortedDictionary<string, IReadOnlyList<string>> ExpectedAllows(bool p2p, bool hostExposed)
    {
        string[] Host(string endpoint) => hostExposed ? [$"any source -> {endpoint}"] : [];
        string[] P2p(params string[] endpoints) => p2p ? endpoints.Select(e => $"any source -> {e}").ToArray() : [];
        const string Scrape = "monitoring/prometheus -> ";
        var allows = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["btc-nodes/bitcoin"] = [.. Host("rpc"), .. P2p("p2p"), "btc-nodes/bitcoin-exporter -> rpc"],
            ["btc-nodes/bitcoin-exporter"] = [Scrape + "http"],
            ["eth-nodes/geth"] = [.. Host("http"), .. P2p("discovery", "p2p"), .. p2p ? ["eth-nodes/lighthouse -> authrpc"] : Array.Empty<string>(), Scrape + "metrics"],
            ["logging/fluent-bit"] = [Scrape + "http"],
            ["monitoring/grafana"] = [.. Host("http")],
            ["monitoring/prometheus"] = [.. Host("http"), "monitoring/grafana -> http"],
        };
        if (p2p)
        {
            allows["eth-nodes/lighthouse"] = [.. P2p("discovery", "p2p", "quic"), Scrape + "metrics"];
        }

        foreach (var empty in allows.Where(a => a.Value.Count == 0).Select(a => a.Key).ToList())
        {
            allows.Remove(empty);
        }

        return new(allows.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value.Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
    }
}
