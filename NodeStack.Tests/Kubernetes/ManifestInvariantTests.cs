using k8s.Models;

namespace NodeStack.Tests.Kubernetes;

public class ManifestInvariantTests
{
    private static readonly Lazy<Task<PublishedTree>> Tree = new(() => PublishedTree.PublishTestModelAsync());

    [Fact]
    public async Task Every_pod_and_container_meets_the_restricted_standard_except_the_documented_host_path_reader() =>
        ManifestInvariants.RestrictedSecurityEverywhere(await Tree.Value);

    [Fact]
    public async Task Every_image_is_pinned_to_a_tag_that_is_not_latest() =>
        ManifestInvariants.ImagesArePinned(await Tree.Value);

    [Theory]
    [InlineData("geth", "/data", true, "only Fluent Bit may mount a hostPath")]
    [InlineData("fluent-bit", "/etc", true, "hostPath /etc is outside /var/log")]
    [InlineData("fluent-bit", "/var/log", false, "hostPath /var/log mounted writable at /host-log")]
    [InlineData("fluent-bit", "/var/logs-elsewhere", true, "outside /var/log")]
    public async Task The_host_path_waiver_covers_only_Fluent_Bits_read_only_var_log(string workload, string hostPath, bool readOnly, string expected)
    {
        var tree = await PublishedTree.PublishTestModelAsync();
        var pod = tree.PodTemplates().Single(p => p.Name == workload).Template.Spec;
        pod.Volumes = [.. pod.Volumes ?? [], new V1Volume { Name = "extra-host", HostPath = new V1HostPathVolumeSource { Path = hostPath, Type = "Directory" } }];
        pod.Containers[0].VolumeMounts = [.. pod.Containers[0].VolumeMounts ?? [], new V1VolumeMount { Name = "extra-host", MountPath = "/host-log", ReadOnlyProperty = readOnly }];

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ManifestInvariants.RestrictedSecurityEverywhere(tree));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init", "busybox:latest")]
    [InlineData("init", "busybox")]
    [InlineData("ephemeral", "busybox:latest")]
    public async Task The_pinned_image_check_also_covers_init_and_ephemeral_containers(string where, string image)
    {
        var tree = await PublishedTree.PublishTestModelAsync();
        var pod = tree.All<V1StatefulSet>().First().Spec.Template.Spec;
        if (where == "init")
        {
            pod.InitContainers = [new V1Container { Name = "prepare", Image = image, ImagePullPolicy = "IfNotPresent" }];
        }
        else
        {
            pod.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = image, ImagePullPolicy = "IfNotPresent" }];
        }

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ManifestInvariants.ImagesArePinned(tree));

        Assert.Contains(image, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_value_appears_anywhere_in_the_tree() =>
        ManifestInvariants.NoSecretValues(await Tree.Value, []);

    [Fact]
    public async Task Every_container_has_requests_limits_readiness_and_liveness() =>
        ManifestInvariants.EveryContainerHasResourcesAndProbes(await Tree.Value);

    [Fact]
    public async Task Every_Service_selects_one_pod_template_and_targets_its_named_ports() =>
        ManifestInvariants.ServicesSelectPodsAndRealPorts(await Tree.Value);

    [Fact]
    public async Task Every_namespace_denies_ingress_by_default_and_allows_only_real_ports() =>
        ManifestInvariants.EveryNamespaceDeniesIngressByDefault(await Tree.Value);

    [Fact]
    public async Task StatefulSets_retain_their_claims_and_have_a_headless_Service() =>
        ManifestInvariants.StatefulSetsRetainTheirClaims(await Tree.Value);

    [Fact]
    public async Task Every_object_carries_the_standard_labels() =>
        ManifestInvariants.StandardLabelsOnEveryObject(await Tree.Value);

    [Fact]
    public async Task Network_policies_admit_exactly_the_declared_traffic()
    {
        var tree = await Tree.Value;
        var policies = tree.All<V1NetworkPolicy>().Where(p => p.Spec.Ingress is { Count: > 0 }).ToDictionary(p => p.Metadata.Name);

        Assert.Equal(
            ["bitcoin-exporter-ingress", "bitcoin-ingress", "default-deny-ingress", "geth-ingress", "grafana-ingress", "lighthouse-ingress", "prometheus-ingress"],
            tree.All<V1NetworkPolicy>().Select(p => p.Metadata.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["any source -> http", "any source -> p2p", "eth-nodes/lighthouse -> authrpc", "monitoring/prometheus -> metrics"],
            NetworkAllows.Rules(policies["geth-ingress"]));
        Assert.Equal(["any source -> rpc", "btc-nodes/bitcoin-exporter -> rpc"], NetworkAllows.Rules(policies["bitcoin-ingress"]));
        Assert.Equal(["monitoring/prometheus -> http"], NetworkAllows.Rules(policies["bitcoin-exporter-ingress"]));
        Assert.Equal(["monitoring/prometheus -> metrics"], NetworkAllows.Rules(policies["lighthouse-ingress"]));
        Assert.Equal(["any source -> http"], NetworkAllows.Rules(policies["grafana-ingress"]));
        Assert.Equal(["any source -> http", "monitoring/grafana -> http"], NetworkAllows.Rules(policies["prometheus-ingress"]));
    }

    [Fact]
    public async Task Api_access_is_namespaced_read_only_and_bound_to_the_pods_that_use_it() =>
        ManifestInvariants.ApiAccessIsNamespacedAndReadOnly(await Tree.Value);

    [Fact]
    public async Task Fluent_Bit_may_only_get_pods_in_its_own_namespace_and_those_of_the_nodes_it_reads()
    {
        var tree = await Tree.Value;

        Assert.Equal(["btc-nodes", "eth-nodes", "logging"], tree.All<V1Role>().Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.All(tree.All<V1Role>(), role => Assert.Equal(["pods: get"], ManifestInvariants.Grants(role)));
        Assert.All(tree.All<V1RoleBinding>(), binding => Assert.Equal(("fluent-bit", "logging"), (Assert.Single(binding.Subjects).Name, binding.Subjects[0].NamespaceProperty)));
        Assert.Empty(tree.All<V1ClusterRole>());
        Assert.Empty(tree.All<V1ClusterRoleBinding>());
        var daemonSet = Assert.Single(tree.All<V1DaemonSet>());
        Assert.Equal("fluent-bit", daemonSet.Spec.Template.Spec.ServiceAccountName);
        Assert.True(daemonSet.Spec.Template.Spec.AutomountServiceAccountToken);
        var hostPath = Assert.Single(daemonSet.Spec.Template.Spec.Volumes, v => v.HostPath is not null);
        Assert.True(Assert.Single(daemonSet.Spec.Template.Spec.Containers[0].VolumeMounts, m => m.Name == hostPath.Name).ReadOnlyProperty);
        Assert.All(tree.PodTemplates().Where(p => p.Kind != "DaemonSet"), p => Assert.False(p.Template.Spec.AutomountServiceAccountToken));
    }
}
