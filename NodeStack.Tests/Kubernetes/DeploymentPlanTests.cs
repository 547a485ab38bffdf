using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Hosting.Kubernetes.Manifest;
using Op = NodeStack.Hosting.Kubernetes.Deployment.DeploymentOperation;

namespace NodeStack.Tests.Kubernetes;

public class DeploymentPlanTests
{
    [Fact]
    public async Task Deploy_checks_tools_and_docker_then_ensures_the_cluster_then_builds_and_imports_the_exporter()
    {
        var plan = DeploymentPlanner.Deploy(await KubernetesTestModel.ManifestAsync(), new KubernetesPublishSettings(), "/out/k3d/cluster.yaml");

        // The exporter's project file says PublishAot, so its Native AOT build needs clang here.
        var prelude = plan.Operations.Where(o => o is not Op.CheckNamespaceOwner and not Op.RequireTool { Program: "clang" }).Take(6).ToList();
        Assert.Contains(plan.Operations, o => o is Op.RequireTool { Program: "clang" });
        Assert.Equal(new Op.RequireTool("docker", "install Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/"), prelude[0]);
        Assert.Equal("k3d", Assert.IsType<Op.RequireTool>(prelude[1]).Program);
        Assert.Equal("docker info --format {{.ServerVersion}}", Assert.IsType<Op.RequireCommand>(prelude[2]).Command.ToString());
        var cluster = Assert.IsType<Op.EnsureK3dCluster>(prelude[3]);
        Assert.Equal(("nodestack", "/out/k3d/cluster.yaml"), (cluster.ClusterName, cluster.ConfigPath));
        Assert.Equal(["127.0.0.1:3000:30232", "127.0.0.1:8545:30241", "127.0.0.1:9090:30786", "127.0.0.1:18443:31835"], cluster.Ports.Select(p => p.Spec));
        Assert.Equal(
            $"dotnet publish {KubernetesTestModel.ExporterProject} --configuration Release -t:PublishContainer -p:ContainerRepository=nodestack/bitcoin-exporter -p:ContainerImageTag=1.0.0 -p:ContainerFamily=noble-chiseled",
            Assert.IsType<Op.RunCommand>(prelude[4]).Command.ToString());
        Assert.Equal("k3d image import nodestack/bitcoin-exporter:1.0.0 --cluster nodestack", Assert.IsType<Op.RunCommand>(prelude[5]).Command.ToString());
    }

    [Fact]
    public async Task Deploy_applies_namespaces_and_policies_first_ensures_secrets_before_workloads_and_then_waits_for_each()
    {
        var manifest = await KubernetesTestModel.ManifestAsync();
        var plan = DeploymentPlanner.Deploy(manifest, new KubernetesPublishSettings(), "/out/k3d/cluster.yaml");

        var steps = plan.Operations.SkipWhile(o => o is not Op.Apply).Select(Describe).ToList();
        var kinds = steps.Where(s => s.StartsWith("apply ", StringComparison.Ordinal)).Select(s => s.Split(' ')[1]).ToList();
        Assert.Equal(kinds.Distinct(), ["Namespace", "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "StatefulSet", "Deployment", "DaemonSet"]);
        Assert.Equal(kinds, kinds.OrderBy(PublishedObjectOrder.Rank));
        Assert.Equal(manifest.Objects.Count, kinds.Count);
        var firstSecret = steps.FindIndex(s => s.StartsWith("secret", StringComparison.Ordinal));
        Assert.True(steps.FindLastIndex(s => s.StartsWith("apply ConfigMap", StringComparison.Ordinal)) < firstSecret);
        Assert.True(steps.FindIndex(s => s.StartsWith("apply Service ", StringComparison.Ordinal)) > firstSecret);
        Assert.Equal(["secret btc-nodes/bitcoin-rpc-password", "secret eth-nodes/engine-jwt", "secret monitoring/grafana-admin-password"],
            steps.Where(s => s.StartsWith("secret", StringComparison.Ordinal)));
        Assert.Equal(
            ["wait StatefulSet btc-nodes/bitcoin", "wait StatefulSet eth-nodes/geth", "wait StatefulSet eth-nodes/lighthouse", "wait StatefulSet monitoring/prometheus",
             "wait Deployment btc-nodes/bitcoin-exporter", "wait Deployment monitoring/grafana", "wait DaemonSet logging/fluent-bit"],
            steps.SkipWhile(s => !s.StartsWith("wait", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deploy_checks_that_it_owns_every_existing_namespace_once_the_cluster_exists_and_before_building_or_applying()
    {
        var settings = new KubernetesPublishSettings { NamespacePrefix = "lab1-" };
        var plan = DeploymentPlanner.Deploy(await KubernetesTestModel.ManifestAsync(settings), settings, "/out/k3d/cluster.yaml");

        var afterCluster = plan.Operations.SkipWhile(o => o is not Op.EnsureK3dCluster).Skip(1).ToList();
        var checks = afterCluster.TakeWhile(o => o is Op.CheckNamespaceOwner).Cast<Op.CheckNamespaceOwner>().ToList();
        Assert.Equal(["lab1-btc-nodes", "lab1-eth-nodes", "lab1-logging", "lab1-monitoring"], checks.Select(c => c.Namespace));
        Assert.All(checks, c => Assert.Equal(("lab1-nodestack", ForeignNamespace.Refuse), (c.Instance, c.OnForeign)));
        Assert.Equal(checks.Count, plan.OfType<Op.CheckNamespaceOwner>().Count());
    }

    [Fact]
    public async Task Destroy_checks_every_namespace_first_and_skips_rather_than_refuses_a_foreign_one()
    {
        var settings = new KubernetesPublishSettings { DestroyDeletesData = true };
        var plan = DeploymentPlanner.Destroy(await KubernetesTestModel.ManifestAsync(settings), settings);

        var checks = plan.Operations.TakeWhile(o => o is Op.CheckNamespaceOwner).Cast<Op.CheckNamespaceOwner>().ToList();
        Assert.Equal(["btc-nodes", "eth-nodes", "logging", "monitoring"], checks.Select(c => c.Namespace));
        Assert.All(checks, c => Assert.Equal(("nodestack", ForeignNamespace.Skip), (c.Instance, c.OnForeign)));
    }

    [Fact]
    public async Task Deploy_to_an_existing_cluster_pushes_the_exporter_to_the_registry_and_touches_no_k3d()
    {
        var settings = new KubernetesPublishSettings { K3dCluster = "", ImageRegistry = "ghcr.io/me", KubeContext = "prod" };
        var plan = DeploymentPlanner.Deploy(await KubernetesTestModel.ManifestAsync(settings), settings, "unused");

        Assert.DoesNotContain(plan.Operations, o => o is Op.RequireTool { Program: not "clang" } or Op.EnsureK3dCluster);
        Assert.IsType<Op.CheckNamespaceOwner>(plan.Operations[0]);
        var build = Assert.Single(plan.OfType<Op.RunCommand>());
        Assert.EndsWith("-p:ContainerRegistry=ghcr.io/me", build.Command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_to_an_existing_cluster_without_a_registry_says_which_setting_is_missing()
    {
        var settings = new KubernetesPublishSettings { K3dCluster = "" };
        var manifest = await KubernetesTestModel.ManifestAsync(settings);

        var error = Assert.Throws<InvalidOperationException>(() => DeploymentPlanner.Deploy(manifest, settings, "unused"));

        Assert.Contains("NodeStack:Kubernetes:ImageRegistry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_removes_the_stack_by_label_and_keeps_claims_secrets_namespaces_and_cluster()
    {
        var plan = DeploymentPlanner.Destroy(await KubernetesTestModel.ManifestAsync(), new KubernetesPublishSettings());

        var deletes = plan.OfType<Op.DeleteCollection>().ToList();
        Assert.Equal(4 * 9, deletes.Count);
        Assert.All(deletes, d => Assert.Equal("app.kubernetes.io/managed-by=nodestack,app.kubernetes.io/instance=nodestack", d.LabelSelector));
        Assert.DoesNotContain(deletes, d => d.Kind is "PersistentVolumeClaim" or "Secret" or "Namespace");
        Assert.DoesNotContain(plan.Operations, o => o is Op.DeleteNamespace or Op.RunCommand);
    }

    [Fact]
    public async Task Destroy_with_data_deletes_the_namespaces_and_with_the_cluster_deletes_the_k3d_cluster()
    {
        var settings = new KubernetesPublishSettings { DestroyDeletesData = true, DestroyDeletesCluster = true };
        var plan = DeploymentPlanner.Destroy(await KubernetesTestModel.ManifestAsync(settings), settings);

        Assert.Equal(["btc-nodes", "eth-nodes", "logging", "monitoring"], plan.OfType<Op.DeleteNamespace>().Select(d => d.Name));
        Assert.Equal("k3d cluster delete nodestack", plan.OfType<Op.RunCommand>().Single().Command.ToString());
    }

    [Fact]
    public void Settings_reject_deleting_the_cluster_while_keeping_data_and_name_every_bad_setting()
    {
        var settings = new KubernetesPublishSettings { DestroyDeletesCluster = true, StorageClass = "Not Valid", RolloutTimeout = TimeSpan.Zero };

        var error = Assert.Throws<NodeStack.Hosting.Profiles.NodeStackSettingsException>(settings.Validate);

        Assert.Contains("NodeStack:Kubernetes:DestroyDeletesCluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("NodeStack:Kubernetes:StorageClass = 'Not Valid'", error.Message, StringComparison.Ordinal);
        Assert.Contains("NodeStack:Kubernetes:RolloutTimeout", error.Message, StringComparison.Ordinal);
    }

    private static string Describe(Op operation) => operation switch
    {
        Op.Apply a => $"apply {a.Object.Kind} {a.Object.Namespace}/{a.Object.Name}",
        Op.EnsureSecret s => $"secret {s.Secret.Namespace}/{s.Secret.Name}",
        Op.WaitForRollout w => $"wait {w.Workload.Kind} {w.Workload.Namespace}/{w.Workload.Name}",
        _ => operation.GetType().Name,
    };
}
