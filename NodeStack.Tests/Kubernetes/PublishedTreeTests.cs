using k8s.Models;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Publishing;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

public class PublishedTreeTests
{
    [Fact]
    public async Task Tree_has_a_kustomization_per_namespace_folder_and_a_k3d_config()
    {
        var tree = await PublishedTree.PublishTestModelAsync();

        var files = tree.Files().Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Contains("kustomization.yaml", files);
        Assert.Contains("k3d/cluster.yaml", files);
        Assert.Contains("SECRETS.md", files);
        foreach (var folder in new[] { "btc-nodes", "eth-nodes", "logging", "monitoring" })
        {
            Assert.Contains($"{folder}/kustomization.yaml", files);
            Assert.Contains($"{folder}/namespace.yaml", files);
        }

        Assert.Contains("eth-nodes/geth.yaml", files);
        Assert.All(tree.Objects, o => Assert.Equal(o.Object.Metadata.NamespaceProperty ?? NamespaceOf(o), o.File.Split('/')[0]));
    }

    [Fact]
    public async Task Every_document_loads_strictly_as_a_typed_Kubernetes_object()
    {
        var tree = await PublishedTree.PublishTestModelAsync();

        Assert.NotEmpty(tree.Objects);
        Assert.All(tree.Objects, o => Assert.False(string.IsNullOrEmpty(o.Object.Metadata.Name)));
    }

    [Fact]
    public async Task Kubectl_kustomize_renders_every_object_of_the_tree()
    {
        var kubectl = RequiredTool.OnPath("kubectl", PublishedTree.KubectlInstallHint);
        var tree = await PublishedTree.PublishTestModelAsync();

        var result = await ToolProcess.RunAsync(kubectl, ["kustomize", tree.Directory]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rendered = k8s.KubernetesYaml.LoadAllFromString(result.Output, strict: true);
        Assert.Equal(tree.Objects.Count, rendered.Count);
    }

    [Fact]
    public async Task Publishing_twice_gives_identical_bytes()
    {
        var settings = new KubernetesPublishSettings();
        var first = ManifestWriter.Render(await KubernetesTestModel.ManifestAsync(settings), settings);
        var second = ManifestWriter.Render(await KubernetesTestModel.ManifestAsync(settings), settings);

        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));
        Assert.All(first.Values, text => Assert.DoesNotContain("\r", text));
    }

    [Fact]
    public async Task Republishing_removes_files_it_wrote_before_and_keeps_files_it_did_not()
    {
        var settings = new KubernetesPublishSettings();
        var tree = await PublishedTree.PublishTestModelAsync(settings);
        var foreign = Path.Combine(tree.Directory, "eth-nodes", "notes.yaml");
        await File.WriteAllTextAsync(foreign, "# mine\n", TestContext.Current.CancellationToken);
        var stale = Path.Combine(tree.Directory, "eth-nodes", "removed-resource.yaml");
        File.Copy(Path.Combine(tree.Directory, "eth-nodes", "geth.yaml"), stale);

        ManifestWriter.Write(await KubernetesTestModel.ManifestAsync(settings), settings, tree.Directory);

        Assert.True(File.Exists(foreign));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(tree.Directory, "eth-nodes", "geth.yaml")));
    }

    [Fact]
    public async Task K3d_config_has_one_server_two_agents_a_pinned_k3s_and_loopback_only_ports()
    {
        var tree = await PublishedTree.PublishTestModelAsync();
        var config = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(tree.Files()["k3d/cluster.yaml"]);

        Assert.Equal("k3d.io/v1alpha5", config["apiVersion"]);
        Assert.Equal("Simple", config["kind"]);
        Assert.Equal("1", config["servers"]);
        Assert.Equal("2", config["agents"]);
        Assert.Matches(@"^rancher/k3s:v\d+\.\d+\.\d+-k3s\d+$", (string)config["image"]);
        Assert.Equal("127.0.0.1", ((Dictionary<object, object>)config["kubeAPI"])["hostIP"]);
        var ports = ((List<object>)config["ports"]).Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(["127.0.0.1:3000:30232", "127.0.0.1:8545:30241", "127.0.0.1:9090:30786", "127.0.0.1:18443:31835"],
            ports.Select(p => (string)p["port"]));
        Assert.All(ports, p => Assert.Equal(["loadbalancer"], ((List<object>)p["nodeFilters"]).Cast<string>()));
        var nodePorts = tree.All<V1Service>().Where(s => s.Spec.Type == "NodePort").SelectMany(s => s.Spec.Ports).Select(p => p.NodePort);
        Assert.Equal([30232, 30241, 30786, 31835], nodePorts.Order());
        Assert.DoesNotContain("0.0.0.0", tree.Files()["k3d/cluster.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_cluster_gets_no_NodePorts_and_no_k3d_config()
    {
        var settings = new KubernetesPublishSettings { K3dCluster = "", ImageRegistry = "registry.example/lab", NamespacePrefix = "lab1-", StorageClass = "fast-ssd" };
        var tree = await PublishedTree.PublishTestModelAsync(settings);

        Assert.DoesNotContain(tree.Files().Keys, f => f.StartsWith("k3d", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.All<V1Service>(), s => s.Spec.Type == "NodePort");
        Assert.All(tree.All<V1Namespace>(), n => Assert.StartsWith("lab1-", n.Metadata.Name, StringComparison.Ordinal));
        Assert.All(tree.All<V1StatefulSet>().SelectMany(s => s.Spec.VolumeClaimTemplates), c => Assert.Equal("fast-ssd", c.Spec.StorageClassName));
        var exporter = Assert.Single(tree.All<V1Deployment>(), d => d.Metadata.Name == "bitcoin-exporter");
        Assert.Equal("registry.example/lab/nodestack/bitcoin-exporter:1.0.0", exporter.Spec.Template.Spec.Containers[0].Image);
        Assert.All(tree.Objects, o => Assert.Equal("lab1-nodestack", o.Object.Metadata.Labels["app.kubernetes.io/instance"]));
    }

    private static string NamespaceOf((string File, k8s.IKubernetesObject<V1ObjectMeta> Object) entry) =>
        entry.Object is V1Namespace ns ? ns.Metadata.Name : entry.File.Split('/')[0];
}
