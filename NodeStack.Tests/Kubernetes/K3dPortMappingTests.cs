using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Tests.Fixtures;
using Op = NodeStack.Hosting.Kubernetes.Deployment.DeploymentOperation;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// k3d keeps the port mappings a cluster was created with, so deploy compares them with what the publish wants. The
/// cluster list is <c>Fixtures/K3d/cluster-list-regtest.json</c>: a cluster created from the default (regtest) profile's
/// <c>k3d/cluster.yaml</c>, written in the shape k3d v5 prints <c>cluster list --output json</c> (the JSON tags of
/// pkg/types' Cluster and Node, and cmd/cluster/clusterList.go's added counts); no k3d runs here to record one.
/// </summary>
public class K3dPortMappingTests
{
    private static string RegtestClusterList => File.ReadAllText(Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Tests", "Fixtures", "K3d", "cluster-list-regtest.json"));

    [Fact]
    public void The_cluster_list_gives_each_clusters_load_balancer_service_mappings_and_none_from_other_nodes_or_the_API()
    {
        var clusters = K3dClusterList.Parse(RegtestClusterList);

        Assert.Equal(["127.0.0.1:3000:30232", "127.0.0.1:8545:30241", "127.0.0.1:9090:30786", "127.0.0.1:18443:31835"],
            clusters["nodestack"].Select(m => m.Spec).OrderBy(s => int.Parse(s.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(clusters["other"]);
        Assert.Empty(K3dClusterList.Parse(""));
    }

    [Fact]
    public async Task Deploy_wants_exactly_the_mappings_the_published_k3d_config_creates()
    {
        var plan = DeploymentPlanner.Deploy(await AppHostPublish.ManifestAsync(new KubernetesPublishSettings()), new KubernetesPublishSettings(), "unused");
        var config = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(PublishedTree.Load(AppHostPublish.CommittedTree).Files()["k3d/cluster.yaml"]);

        var wanted = Assert.Single(plan.OfType<Op.EnsureK3dCluster>()).Ports.Select(p => p.Spec);
        Assert.Equal(((List<object>)config["ports"]).Cast<Dictionary<object, object>>().Select(p => (string)p["port"]), wanted);
    }

    [Fact]
    public async Task A_cluster_created_for_the_same_profile_gets_no_warning()
    {
        var reporting = await EnsureExistingClusterAsync();

        Assert.Contains("log: k3d cluster nodestack exists", reporting.Lines);
        Assert.DoesNotContain(reporting.Lines, l => l.StartsWith("log warning:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cluster_created_for_regtest_lacks_signets_RPC_mapping_and_deploy_warns_with_the_command_that_adds_it()
    {
        var reporting = await EnsureExistingClusterAsync("--NodeStack:Bitcoin:Network=signet");

        var warning = Assert.Single(reporting.Lines, l => l.StartsWith("log warning:", StringComparison.Ordinal));
        Assert.Contains("does not map 127.0.0.1:38332 to node port", warning, StringComparison.Ordinal);
        Assert.Contains("this one maps 127.0.0.1:18443:31835, which this deploy does not use", warning, StringComparison.Ordinal);
        Assert.Matches(@"`k3d cluster edit nodestack --port-add 127\.0\.0\.1:38332:3\d{4}@loadbalancer`", warning);
        Assert.Contains("`k3d cluster delete nodestack`, then deploy again", warning, StringComparison.Ordinal);
    }

    /// <summary>Runs the plan's cluster step against the recorded cluster list (k3d scripted: no Docker here).</summary>
    private static async Task<RecordingReportingStep> EnsureExistingClusterAsync(params string[] profile)
    {
        var settings = new KubernetesPublishSettings();
        var plan = DeploymentPlanner.Deploy(await AppHostPublish.ManifestAsync(settings, profile), settings, "unused");
        var k3d = new ScriptedProcessRunner("docker", "k3d") { Answers = { ["k3d cluster list"] = new(0, RegtestClusterList, "") } };
        var reporting = new RecordingReportingStep();

        await new DeploymentPlanExecutor(() => throw new InvalidOperationException("no API call expected"), k3d, reporting, TimeSpan.Zero)
            .ExecuteAsync(new DeploymentPlan([Assert.Single(plan.OfType<Op.EnsureK3dCluster>())]), TestContext.Current.CancellationToken);

        Assert.Equal(["k3d cluster list --output json"], k3d.Commands);
        return reporting;
    }
}
