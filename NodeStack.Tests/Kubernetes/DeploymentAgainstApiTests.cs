using System.Text;
using System.Text.Json.Nodes;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Hosting.Kubernetes.Manifest;
using NodeStack.Hosting.Kubernetes.Publishing;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>Deploy and destroy carried out by the real KubernetesClient against <see cref="FakeKubernetesApiServer"/>.</summary>
public class DeploymentAgainstApiTests
{
    private static KubernetesPublishSettings ExistingCluster => new() { K3dCluster = "", ImageRegistry = "registry.example" };

    [Fact]
    public async Task Deploy_server_side_applies_every_object_with_the_nodestack_field_manager_in_plan_order()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);
        var plan = DeploymentPlanner.Deploy(manifest, ExistingCluster, "unused");

        await ExecuteAsync(api, plan.Operations.Where(o => o is not DeploymentOperation.RunCommand));

        var applies = api.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(manifest.Objects.Count, applies.Count);
        Assert.All(applies, r =>
        {
            Assert.StartsWith("application/apply-patch+yaml", r.ContentType, StringComparison.Ordinal);
            Assert.Equal("nodestack", r.Query["fieldManager"]);
            Assert.Equal("true", r.Query["force"]);
        });
        var expected = plan.OfType<DeploymentOperation.Apply>().Select(a => a.Object).Select(o => $"{o.Kind}/{o.Name}");
        Assert.Equal(expected, applies.Select(r => KindAndName(JsonNode.Parse(r.Body)!)));
        Assert.Contains(applies, r => r.Path == "/apis/apps/v1/namespaces/eth-nodes/statefulsets/geth");
        Assert.Contains(applies, r => r.Path == "/apis/rbac.authorization.k8s.io/v1/namespaces/eth-nodes/roles/fluent-bit-api-read");
        Assert.Contains(applies, r => r.Path == "/api/v1/namespaces/monitoring");
    }

    [Fact]
    public async Task Deploy_creates_missing_secrets_with_generated_values_and_derived_keys_after_looking_them_up()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);

        await ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations);

        var secretCalls = api.Requests.Where(r => r.Path.Contains("/secrets", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.Equal(
            ["GET /api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password", "POST /api/v1/namespaces/btc-nodes/secrets",
             "GET /api/v1/namespaces/eth-nodes/secrets/engine-jwt", "POST /api/v1/namespaces/eth-nodes/secrets",
             "GET /api/v1/namespaces/monitoring/secrets/grafana-admin-password", "POST /api/v1/namespaces/monitoring/secrets"],
            secretCalls);
        Assert.Matches("^[0-9a-f]{64}$", SecretValue(api, "eth-nodes", "engine-jwt", "value"));
        var password = SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "value");
        Assert.Matches("^[A-Za-z0-9]{32}$", password);
        Assert.Matches("^nodestack:[0-9a-f]{32}\\$[0-9a-f]{64}$", SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "rpcauth"));
    }

    [Fact]
    public async Task Deploying_twice_changes_nothing_and_keeps_every_secret_untouched()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);
        var operations = DeploymentPlanner.Deploy(manifest, ExistingCluster, "unused").Operations.Where(o => o is not DeploymentOperation.RunCommand).ToList();
        await ExecuteAsync(api, operations);
        var versions = api.ResourceVersions();
        var requestsBefore = api.Requests.Count;

        await ExecuteAsync(api, operations);

        Assert.Equal(versions, api.ResourceVersions());
        var second = api.Requests.Skip(requestsBefore).ToList();
        Assert.DoesNotContain(second, r => r.Method == "POST" || (r.Method == "PATCH" && r.Path.Contains("/secrets/", StringComparison.Ordinal)));
        Assert.Equal(manifest.Objects.Count, second.Count(r => r.Method == "PATCH"));
    }

    [Fact]
    public async Task An_existing_secret_is_kept_and_a_missing_derived_key_is_added_from_its_value()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        api.Seed("/api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password", Secret("bitcoin-rpc-password", "btc-nodes", new() { ["value"] = "chosen-by-the-operator" }));
        api.Seed("/api/v1/namespaces/eth-nodes/secrets/engine-jwt", Secret("engine-jwt", "eth-nodes", new() { ["value"] = "ab" }));
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);

        await ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations);

        Assert.Equal("chosen-by-the-operator", SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "value"));
        Assert.StartsWith("nodestack:", SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "rpcauth"), StringComparison.Ordinal);
        Assert.Equal("ab", SecretValue(api, "eth-nodes", "engine-jwt", "value"));
        Assert.DoesNotContain(api.Requests, r => r.Method == "POST" && r.Path.Contains("/namespaces/eth-nodes/", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.Method == "PATCH" && r.ContentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_derived_key_whose_inputs_changed_is_recomputed_from_the_kept_value_and_then_left_alone()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        api.Seed("/api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password",
            Secret("bitcoin-rpc-password", "btc-nodes", new() { ["value"] = "kept-password", ["rpcauth"] = "renamed-user:salt$hash" }));
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);

        await ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations);
        var patches = SecretPatches(api);
        await ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations);

        Assert.Equal("kept-password", SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "value"));
        Assert.Equal(NodeStack.Hosting.Bitcoin.BitcoinRpcAuth.CreateLine("nodestack", "kept-password"), SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "rpcauth"));
        Assert.Equal(1, patches);
        Assert.Equal(patches, SecretPatches(api));

        static int SecretPatches(FakeKubernetesApiServer api) => api.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("/secrets/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secret_values_never_reach_the_reported_progress()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var reporting = new RecordingReportingStep();
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);

        await ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations, reporting);

        var password = SecretValue(api, "btc-nodes", "bitcoin-rpc-password", "value");
        Assert.Contains("log: Secret btc-nodes/bitcoin-rpc-password: created", reporting.Lines);
        Assert.DoesNotContain(reporting.Lines, l => l.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollout_that_never_becomes_ready_fails_with_its_status_and_what_to_look_at()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        api.NeverReady("/apis/apps/v1/namespaces/eth-nodes/statefulsets/geth");
        var reporting = new RecordingReportingStep();
        var settings = ExistingCluster;
        settings.RolloutTimeout = TimeSpan.FromMilliseconds(300);
        var manifest = await KubernetesTestModel.ManifestAsync(settings);
        var operations = DeploymentPlanner.Deploy(manifest, settings, "unused")
            .Operations.Where(o => o is not DeploymentOperation.RunCommand);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ExecuteAsync(api, operations, reporting));

        Assert.Contains("StatefulSet eth-nodes/geth was not ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("0/1 ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("kubectl -n eth-nodes describe statefulset geth", error.Message, StringComparison.Ordinal);
        Assert.Contains("done CompletedWithError: StatefulSet eth-nodes/geth not ready", reporting.Lines);
        Assert.Contains("done Completed: StatefulSet btc-nodes/bitcoin: 1/1 ready, 1/1 updated", reporting.Lines);
    }

    [Fact]
    public async Task Destroy_deletes_the_stack_by_label_and_keeps_chain_data_claims_secrets_and_namespaces()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);
        await ExecuteAsync(api, DeploymentPlanner.Deploy(manifest, ExistingCluster, "unused").Operations.Where(o => o is not DeploymentOperation.RunCommand));
        // What the StatefulSet controller would have created from the claim template.
        api.Seed("/api/v1/namespaces/eth-nodes/persistentvolumeclaims/data-geth-0", new JsonObject
        {
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = "data-geth-0", ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "nodestack", ["app.kubernetes.io/instance"] = "nodestack" } },
        });

        await ExecuteAsync(api, DeploymentPlanner.Destroy(manifest, ExistingCluster).Operations);

        Assert.Equal(
            ["/api/v1/namespaces/btc-nodes", "/api/v1/namespaces/btc-nodes/secrets/bitcoin-rpc-password", "/api/v1/namespaces/eth-nodes",
             "/api/v1/namespaces/eth-nodes/persistentvolumeclaims/data-geth-0", "/api/v1/namespaces/eth-nodes/secrets/engine-jwt",
             "/api/v1/namespaces/logging", "/api/v1/namespaces/monitoring", "/api/v1/namespaces/monitoring/secrets/grafana-admin-password"],
            api.Paths());
        Assert.All(api.Requests.Where(r => r.Method == "DELETE"), r =>
            Assert.Equal("app.kubernetes.io/managed-by=nodestack,app.kubernetes.io/instance=nodestack", r.Query["labelSelector"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("other-nodestack")]
    public async Task Deploy_refuses_an_existing_namespace_this_stack_did_not_create_names_it_and_the_prefix_setting_and_applies_nothing(string? instance)
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        api.Seed("/api/v1/namespaces/eth-nodes", Namespace("eth-nodes", instance));
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);
        var operations = DeploymentPlanner.Deploy(manifest, ExistingCluster, "unused").Operations.Where(o => o is not DeploymentOperation.RunCommand);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExecuteAsync(api, operations));

        Assert.StartsWith("Namespace eth-nodes: it exists but was not created by this NodeStack stack", error.Message, StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/instance=nodestack", error.Message, StringComparison.Ordinal);
        Assert.Contains("NodeStack:Kubernetes:NamespacePrefix", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method is "PATCH" or "POST" or "DELETE");
    }

    [Fact]
    public async Task Creating_secrets_refuses_an_existing_namespace_this_stack_did_not_create()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        api.Seed("/api/v1/namespaces/monitoring", Namespace("monitoring", instance: null));
        var manifest = await KubernetesTestModel.ManifestAsync(ExistingCluster);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExecuteAsync(api, DeploymentPlanner.CreateSecrets(manifest, ExistingCluster).Operations));

        Assert.StartsWith("Namespace monitoring:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method is "PATCH" or "POST");
    }

    [Fact]
    public async Task Destroy_deletes_nothing_in_a_namespace_this_stack_did_not_create_and_says_so()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var (manifest, settings) = await DeployDestroyingDataAsync(api);
        // Someone recreated logging for their own use, and their object happens to carry NodeStack's labels.
        api.Seed("/api/v1/namespaces/logging", Namespace("logging", instance: null));
        api.Seed("/api/v1/namespaces/logging/configmaps/theirs", new JsonObject
        {
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "theirs", ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "nodestack", ["app.kubernetes.io/instance"] = "nodestack" } },
        });
        var reporting = new RecordingReportingStep();

        var executor = new DeploymentPlanExecutor(api.Client, new ScriptedProcessRunner("clang"), reporting, TimeSpan.Zero);

        await executor.ExecuteAsync(DeploymentPlanner.Destroy(manifest, settings), TestContext.Current.CancellationToken);

        Assert.Equal(["logging"], executor.SkippedNamespaces);
        Assert.All(api.Paths(), p => Assert.Contains("/namespaces/logging", p, StringComparison.Ordinal));
        Assert.Contains("/api/v1/namespaces/logging/configmaps/theirs", api.Paths());
        Assert.Contains("/apis/apps/v1/namespaces/logging/daemonsets/fluent-bit", api.Paths());
        Assert.DoesNotContain(api.Requests, r => r.Method == "DELETE" && r.Path.Contains("/namespaces/logging", StringComparison.Ordinal));
        Assert.Contains(reporting.Lines, l => l.Contains("Namespace logging: it exists but was not created by this NodeStack stack", StringComparison.Ordinal) &&
            l.Contains("destroy deletes nothing in it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Destroy_with_data_deletes_the_namespaces_with_everything_in_them()
    {
        await using var api = await FakeKubernetesApiServer.StartAsync();
        var (manifest, settings) = await DeployDestroyingDataAsync(api);

        await ExecuteAsync(api, DeploymentPlanner.Destroy(manifest, settings).Operations);

        Assert.Empty(api.Paths());
    }

    [Fact]
    public async Task The_k3d_cluster_is_created_from_the_published_config_only_when_k3d_does_not_list_it()
    {
        var config = Path.Combine(Path.GetTempPath(), "nodestack-cluster-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(config, "kind: Simple\n", TestContext.Current.CancellationToken);
        var ensure = new DeploymentOperation.EnsureK3dCluster("nodestack", config, []);
        var existing = new ScriptedProcessRunner("docker", "k3d", "clang") { Answers = { ["k3d cluster list"] = new(0, """[{"name":"nodestack","serversCount":1}]""", "") } };
        var missing = new ScriptedProcessRunner("docker", "k3d", "clang") { Answers = { ["k3d cluster list"] = new(0, """[{"name":"other"}]""", "") } };

        await new DeploymentPlanExecutor(() => throw new InvalidOperationException("no API call expected"), existing, new RecordingReportingStep(), TimeSpan.Zero)
            .ExecuteAsync(new DeploymentPlan([ensure]), TestContext.Current.CancellationToken);
        await new DeploymentPlanExecutor(() => throw new InvalidOperationException("no API call expected"), missing, new RecordingReportingStep(), TimeSpan.Zero)
            .ExecuteAsync(new DeploymentPlan([ensure]), TestContext.Current.CancellationToken);

        Assert.Equal(["k3d cluster list --output json"], existing.Commands);
        Assert.Equal(["k3d cluster list --output json", $"k3d cluster create --config {config}"], missing.Commands);
    }

    [Fact]
    public async Task A_missing_tool_or_failing_command_stops_the_deploy_with_what_to_do()
    {
        var noK3d = new ScriptedProcessRunner("docker", "clang");
        var dockerDown = new ScriptedProcessRunner("docker", "k3d", "clang") { Answers = { ["docker info"] = new(1, "", "Cannot connect to the Docker daemon") } };
        var plan = DeploymentPlanner.Deploy(await KubernetesTestModel.ManifestAsync(), new KubernetesPublishSettings(), "/nowhere/cluster.yaml");

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => Executor(noK3d).ExecuteAsync(plan, TestContext.Current.CancellationToken));
        var down = await Assert.ThrowsAsync<InvalidOperationException>(() => Executor(dockerDown).ExecuteAsync(plan, TestContext.Current.CancellationToken));

        Assert.Equal("'k3d' is not on PATH: install k3d v5: https://k3d.io/#installation.", missing.Message);
        Assert.Contains("Cannot connect to the Docker daemon", down.Message, StringComparison.Ordinal);
        Assert.Contains("start Docker", down.Message, StringComparison.Ordinal);
        Assert.Single(dockerDown.Commands);
    }

    [Fact]
    public async Task Deploy_lists_every_missing_prerequisite_at_once_before_it_runs_anything()
    {
        var nothing = new ScriptedProcessRunner("docker") { Answers = { ["docker info"] = new(1, "", "Cannot connect to the Docker daemon") } };
        var plan = DeploymentPlanner.Deploy(await KubernetesTestModel.ManifestAsync(), new KubernetesPublishSettings(), "/nowhere/cluster.yaml", new BuildHost(IsLinux: true));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Executor(nothing).ExecuteAsync(plan, TestContext.Current.CancellationToken));

        Assert.StartsWith("3 prerequisites are missing: (1) 'k3d' is not on PATH: install k3d v5", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2) 'clang' is not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("(3) Docker daemon is reachable failed (`docker info --format {{.ServerVersion}}` exited with 1: Cannot connect to the Docker daemon): start Docker", error.Message, StringComparison.Ordinal);
        Assert.Equal(["docker info --format {{.ServerVersion}}"], nothing.Commands);
    }

    private static DeploymentPlanExecutor Executor(IProcessRunner runner) =>
        new(() => throw new InvalidOperationException("no API call expected"), runner, new RecordingReportingStep(), TimeSpan.Zero);

    [Fact]
    public async Task Deploy_prints_how_to_reach_each_exposed_service()
    {
        var manifest = await KubernetesTestModel.ManifestAsync();

        var lines = ServiceAccess.Describe(manifest, new KubernetesPublishSettings()).ToList();

        Assert.Equal(
            ["grafana http: http://127.0.0.1:3000", "geth http: http://127.0.0.1:8545", "prometheus http: http://127.0.0.1:9090", "bitcoin rpc: http://127.0.0.1:18443",
             "Everything else: kubectl --context k3d-nodestack get pods,svc -A -l app.kubernetes.io/managed-by=nodestack,app.kubernetes.io/instance=nodestack"],
            lines);
    }

    private static Task ExecuteAsync(FakeKubernetesApiServer api, IEnumerable<DeploymentOperation> operations, RecordingReportingStep? reporting = null) =>
        new DeploymentPlanExecutor(api.Client, new ScriptedProcessRunner("clang"), reporting ?? new RecordingReportingStep(), TimeSpan.FromMilliseconds(20))
            .ExecuteAsync(new DeploymentPlan(operations.ToList()), TestContext.Current.CancellationToken);

    private static async Task<(KubernetesManifest, KubernetesPublishSettings)> DeployDestroyingDataAsync(FakeKubernetesApiServer api)
    {
        var settings = ExistingCluster;
        settings.DestroyDeletesData = true;
        var manifest = await KubernetesTestModel.ManifestAsync(settings);
        await ExecuteAsync(api, DeploymentPlanner.Deploy(manifest, settings, "unused").Operations.Where(o => o is not DeploymentOperation.RunCommand));
        return (manifest, settings);
    }

    private static string KindAndName(JsonNode body) => $"{body["kind"]}/{body["metadata"]!["name"]}";

    private static string SecretValue(FakeKubernetesApiServer api, string ns, string name, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(api.Object($"/api/v1/namespaces/{ns}/secrets/{name}")!["data"]![key]!.GetValue<string>()));

    private static JsonObject Namespace(string name, string? instance) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = instance is null
            ? new JsonObject { ["name"] = name }
            : new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "nodestack", ["app.kubernetes.io/part-of"] = "nodestack", ["app.kubernetes.io/instance"] = instance },
            },
    };

    private static JsonObject Secret(string name, string ns, Dictionary<string, string> values) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value))))),
    };
}
