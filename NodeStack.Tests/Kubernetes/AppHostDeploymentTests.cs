using System.Text;
using System.Text.Json.Nodes;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Hosting.Kubernetes.Manifest;
using NodeStack.Hosting.Kubernetes.Publishing;
using NodeStack.Tests.Fixtures;
using Op = NodeStack.Hosting.Kubernetes.Deployment.DeploymentOperation;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// Deploy and destroy of the real AppHost: the plan, then the plan carried out by the real KubernetesClient against
/// <see cref="FakeKubernetesApiServer"/> (the test double at the API boundary) with docker, k3d and dotnet scripted.
/// </summary>
public class AppHostDeploymentTests
{
    private const string ClusterConfig = "/repo/k8s/k3d/cluster.yaml";

    private static readonly string[] Sepolia = ["--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet"];

    [Fact]
    public async Task Deploy_checks_docker_and_k3d_ensures_the_cluster_then_builds_the_native_exporter_image_and_imports_it()
    {
        var manifest = await AppHostPublish.ManifestAsync(new KubernetesPublishSettings());

        var plan = DeploymentPlanner.Deploy(manifest, new KubernetesPublishSettings(), ClusterConfig, new BuildHost(IsLinux: true));

        var exporter = Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.Exporter", "NodeStack.Exporter.csproj");
        Assert.Equal(
            ["require docker", "require k3d", "check docker info --format {{.ServerVersion}}", $"k3d cluster nodestack from {ClusterConfig}",
             "refuse btc-nodes unless owned by nodestack", "refuse eth-nodes unless owned by nodestack", "refuse logging unless owned by nodestack",
             "refuse monitoring unless owned by nodestack", "require clang",
             $"run dotnet publish {exporter} --configuration Release -t:PublishContainer -p:ContainerRepository=nodestack/bitcoin-exporter -p:ContainerImageTag=1.0.0 -p:ContainerFamily=noble-chiseled",
             "run k3d image import nodestack/bitcoin-exporter:1.0.0 --cluster nodestack"],
            plan.Operations.TakeWhile(o => o is not Op.Apply).Select(Describe));
        Assert.Contains("Native AOT on runtime-deps", plan.OfType<Op.RunCommand>().Single(r => r.Command.Program == "dotnet").Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploying_from_macOS_or_Windows_builds_the_exporter_on_the_JIT_because_Native_AOT_cannot_cross_compile()
    {
        var manifest = await AppHostPublish.ManifestAsync(new KubernetesPublishSettings());

        var plan = DeploymentPlanner.Deploy(manifest, new KubernetesPublishSettings(), ClusterConfig, new BuildHost(IsLinux: false));

        Assert.DoesNotContain(plan.OfType<Op.RequireTool>(), t => t.Program == "clang");
        var build = plan.OfType<Op.RunCommand>().Single(r => r.Command.Program == "dotnet");
        Assert.Equal("-p:PublishAot=false", build.Command.Arguments[^1]);
    }

    [Fact]
    public async Task Deploy_applies_namespaces_and_policies_first_ensures_the_secrets_before_the_workloads_and_waits_for_every_rollout()
    {
        var manifest = await AppHostPublish.ManifestAsync(new KubernetesPublishSettings(), Sepolia);

        var plan = DeploymentPlanner.Deploy(manifest, new KubernetesPublishSettings(), ClusterConfig, new BuildHost(IsLinux: true));

        var steps = plan.Operations.SkipWhile(o => o is not Op.Apply).Select(Describe).ToList();
        var kinds = steps.Where(s => s.StartsWith("apply ", StringComparison.Ordinal)).Select(s => s.Split(' ')[1]).ToList();
        Assert.Equal(
            ["Namespace", "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "StatefulSet", "Deployment", "DaemonSet"],
            kinds.Distinct());
        Assert.Equal(kinds, kinds.OrderBy(PublishedObjectOrder.Rank));
        Assert.Equal(["apply Namespace /btc-nodes", "apply Namespace /eth-nodes", "apply Namespace /logging", "apply Namespace /monitoring"], steps.Take(4));
        Assert.Equal(
            ["secret btc-nodes/bitcoin-rpc-password (value, rpcauth)", "secret eth-nodes/geth-jwt-secret (value)", "secret monitoring/grafana-admin-password (value)"],
            steps.Where(s => s.StartsWith("secret", StringComparison.Ordinal)));
        var firstSecret = steps.FindIndex(s => s.StartsWith("secret", StringComparison.Ordinal));
        Assert.True(steps.FindLastIndex(s => s.StartsWith("apply ConfigMap", StringComparison.Ordinal)) < firstSecret);
        Assert.True(steps.FindIndex(s => s.StartsWith("apply StatefulSet", StringComparison.Ordinal)) > firstSecret);
        Assert.Equal(
            ["wait StatefulSet btc-nodes/bitcoin", "wait StatefulSet eth-nodes/geth", "wait StatefulSet eth-nodes/lighthouse", "wait StatefulSet monitoring/prometheus",
             "wait Deployment btc-nodes/bitcoin-exporter", "wait Deployment monitoring/grafana", "wait DaemonSet logging/fluent-bit"],
            steps.SkipWhile(s => !s.StartsWith("wait", StringComparison.Ordinal)));
        Assert.Equal(Hex32, Assert.Single(plan.OfType<Op.EnsureSecret>(), s => s.Secret.Name == "geth-jwt-secret").Secret.Format);
    }

    [Fact]
    public async Task Deploy_runs_the_whole_plan_against_the_API_and_creates_labelled_secrets_with_rpcauth_derived_from_the_stored_password()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var settings = new KubernetesPublishSettings();
        var manifest = await AppHostPublish.ManifestAsync(settings, Sepolia);
        var processes = ExistingK3dCluster();

        await ExecuteAsync(api, DeploymentPlanner.Deploy(manifest, settings, ClusterConfig, new BuildHost(IsLinux: true)), processes);

        Assert.Equal(manifest.Objects.Count, api.Requests.Count(r => r.Method == "PATCH" && r.ContentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal)));
        Assert.Contains("k3d image import nodestack/bitcoin-exporter:1.0.0 --cluster nodestack", processes.Commands);
        Assert.DoesNotContain(processes.Commands, c => c.StartsWith("k3d cluster create", StringComparison.Ordinal));
        var password = SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "value");
        Assert.Matches("^[A-Za-z0-9]{32}$", password);
        Assert.Equal(BitcoinRpcAuth.CreateLine(BitcoinCoreBuilderExtensions.DefaultRpcUser, password), SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "rpcauth"));
        Assert.Matches("^[0-9a-f]{64}$", SecretValue(api, "eth-nodes", "geth-jwt-secret", "value"));
        Assert.Matches("^[A-Za-z0-9]{32}$", SecretValue(api, "monitoring", "grafana-admin-password", "value"));
        Assert.Equal(
            [("app.kubernetes.io/component", "credentials"), ("app.kubernetes.io/instance", "nodestack"), ("app.kubernetes.io/managed-by", "nodestack"),
             ("app.kubernetes.io/name", "bitcoin-rpc-password"), ("app.kubernetes.io/part-of", "nodestack")],
            api.Object("/api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password")!["metadata"]!["labels"]!.AsObject()
                .Select(l => (l.Key, l.Value!.GetValue<string>())).OrderBy(l => l.Key, StringComparer.Ordinal));
        Assert.Contains(api.Requests, r => r.Method == "GET" && r.Path == "/apis/apps/v1/namespaces/logging/daemonsets/fluent-bit");
    }

    [Fact]
    public async Task Deploying_the_AppHost_twice_changes_nothing_and_keeps_every_secret()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var settings = new KubernetesPublishSettings();
        var manifest = await AppHostPublish.ManifestAsync(settings, Sepolia);
        var plan = DeploymentPlanner.Deploy(manifest, settings, ClusterConfig, new BuildHost(IsLinux: true));
        await ExecuteAsync(api, plan, ExistingK3dCluster());
        var versions = api.ResourceVersions();
        var requestsBefore = api.Requests.Count;

        await ExecuteAsync(api, plan, ExistingK3dCluster());

        Assert.Equal(versions, api.ResourceVersions());
        Assert.DoesNotContain(api.Requests.Skip(requestsBefore), r => r.Method == "POST" || r.Method == "DELETE" || r.Path.Contains("/secrets/", StringComparison.Ordinal) && r.Method == "PATCH");
    }

    [Fact]
    public async Task Destroy_removes_the_AppHost_stack_and_keeps_chain_data_secrets_namespaces_and_the_cluster()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var settings = new KubernetesPublishSettings();
        var manifest = await AppHostPublish.ManifestAsync(settings, Sepolia);
        await ExecuteAsync(api, DeploymentPlanner.Deploy(manifest, settings, ClusterConfig, new BuildHost(IsLinux: true)), ExistingK3dCluster());
        foreach (var (ns, claim) in new[] { ("eth-nodes", "data-geth-0"), ("eth-nodes", "data-lighthouse-0"), ("btc-nodes", "data-bitcoin-0"), ("monitoring", "data-prometheus-0") })
        {
            // What the StatefulSet controller creates from each claim template.
            api.Seed($"/api/v1/namespaces/{ns}/persistentvolumeclaims/{claim}", new JsonObject
            {
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = new JsonObject { ["name"] = claim, ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "nodestack", ["app.kubernetes.io/instance"] = "nodestack" } },
            });
        }

        var processes = ExistingK3dCluster();
        await ExecuteAsync(api, DeploymentPlanner.Destroy(manifest, settings), processes);

        Assert.Equal(
            ["/api/v1/namespaces/btc-nodes", "/api/v1/namespaces/btc-nodes/persistentvolumeclaims/data-bitcoin-0", "/api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password",
             "/api/v1/namespaces/eth-nodes", "/api/v1/namespaces/eth-nodes/persistentvolumeclaims/data-geth-0", "/api/v1/namespaces/eth-nodes/persistentvolumeclaims/data-lighthouse-0",
             "/api/v1/namespaces/eth-nodes/secrets/geth-jwt-secret", "/api/v1/namespaces/logging", "/api/v1/namespaces/monitoring",
             "/api/v1/namespaces/monitoring/persistentvolumeclaims/data-prometheus-0", "/api/v1/namespaces/monitoring/secrets/grafana-admin-password"],
            api.Paths());
        Assert.Empty(processes.Commands);
    }

    [Fact]
    public async Task A_prefixed_stack_on_k3d_is_reached_by_port_forwarding_from_a_free_local_port_in_the_k3d_context()
    {
        var settings = new KubernetesPublishSettings { NamespacePrefix = "lab1-" };
        var manifest = await AppHostPublish.ManifestAsync(settings);

        var lines = ServiceAccess.Describe(manifest, settings).ToList();

        Assert.Contains("grafana http: kubectl --context k3d-nodestack -n lab1-monitoring port-forward svc/grafana :http, then http://127.0.0.1:<the local port it prints>", lines);
        Assert.Equal(manifest.HostPorts.Count + 1, lines.Count);
        Assert.All(lines.SkipLast(1), line => Assert.Contains("port-forward", line, StringComparison.Ordinal));
    }

    private static KubernetesSecretFormat Hex32 => KubernetesSecretFormat.Hex32;

    private static ScriptedProcessRunner ExistingK3dCluster() => new("docker", "k3d", "clang")
    {
        Answers = { ["k3d cluster list"] = new(0, """[{"name":"nodestack","serversCount":1,"agentsCount":2}]""", "") },
    };

    private static Task ExecuteAsync(FakeKubernetesApiServer api, DeploymentPlan plan, ScriptedProcessRunner processes) =>
        new DeploymentPlanExecutor(api.Client, processes, new RecordingReportingStep(), TimeSpan.FromMilliseconds(20))
            .ExecuteAsync(plan, TestContext.Current.CancellationToken);

    private static string SecretValue(FakeKubernetesApiServer api, string ns, string name, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(api.Object($"/api/v1/namespaces/{ns}/secrets/{name}")!["data"]![key]!.GetValue<string>()));

    private static string Describe(Op operation) => operation switch
    {
        Op.RequireTool t => $"require {t.Program}",
        Op.RunCommand r => $"run {r.Command}",
        Op.RequireCommand r => $"check {r.Command}",
        Op.EnsureK3dCluster c => $"k3d cluster {c.ClusterName} from {c.ConfigPath}",
        Op.CheckNamespaceOwner n => $"{n.OnForeign.ToString().ToLowerInvariant()} {n.Namespace} unless owned by {n.Instance}",
        Op.Apply a => $"apply {a.Object.Kind} {a.Object.Namespace}/{a.Object.Name}",
        Op.EnsureSecret s => $"secret {s.Secret.Namespace}/{s.Secret.Name} ({string.Join(", ", s.Secret.Derived.Select(d => d.DerivedKey).Prepend("value"))})",
        Op.WaitForRollout w => $"wait {w.Workload.Kind} {w.Workload.Namespace}/{w.Workload.Name}",
        _ => operation.GetType().Name,
    };
}
