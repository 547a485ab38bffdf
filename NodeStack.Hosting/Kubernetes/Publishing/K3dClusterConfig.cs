using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Hosting.Kubernetes.Manifest;
using YamlDotNet.Serialization;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>
/// The k3d cluster config (<c>k3d.io/v1alpha5</c>, kind <c>Simple</c>): 1 server and 2 agents on a pinned k3s image,
/// the API and every exposed service bound to 127.0.0.1 only. Exposed services are NodePorts reached through k3d's
/// load balancer, which forwards the port to the nodes.
/// </summary>
internal sealed record K3dClusterConfig
{
    /// <summary>
    /// k3s v1.34 (a supported Kubernetes minor, the last with cgroup v1 hosts, with NetworkPolicy enforcement built in),
    /// pinned to a published patch release.
    /// </summary>
    public const string K3sImage = "rancher/k3s:v1.34.9-k3s1";

    /// <summary>The loopback port of the Kubernetes API.</summary>
    public const string ApiPort = "6550";

    public string ApiVersion { get; init; } = "k3d.io/v1alpha5";

    public string Kind { get; init; } = "Simple";

    public required K3dMetadata Metadata { get; init; }

    public int Servers { get; init; } = 1;

    public int Agents { get; init; } = 2;

    public string Image { get; init; } = K3sImage;

    [YamlMember(Alias = "kubeAPI")]
    public K3dKubeApi KubeApi { get; init; } = new();

    public required IReadOnlyList<K3dPort> Ports { get; init; }

    public K3dOptions Options { get; init; } = new();

    /// <summary>The cluster the settings name, mapping the manifest's host ports when this stack is exposed on the host.</summary>
    public static K3dClusterConfig For(KubernetesPublishSettings settings, KubernetesManifest manifest) => new()
    {
        Metadata = new K3dMetadata(settings.K3dCluster),
        Ports = K3dPortMapping.For(settings, manifest).Select(m => new K3dPort(m.Spec, ["loadbalancer"])).ToList(),
    };

    public string ToYaml() => PlainYaml.Serialize(this);
}

internal sealed record K3dMetadata(string Name);

internal sealed record K3dKubeApi
{
    [YamlMember(Alias = "hostIP")]
    public string HostIp { get; init; } = "127.0.0.1";

    [YamlMember(ScalarStyle = YamlDotNet.Core.ScalarStyle.DoubleQuoted)]
    public string HostPort { get; init; } = K3dClusterConfig.ApiPort;
}

/// <summary>A port mapping; quoted, because k3d's schema wants a string and YAML 1.1 reads <c>a:b</c> digits as base-60 numbers.</summary>
internal sealed record K3dPort(
    [property: YamlMember(ScalarStyle = YamlDotNet.Core.ScalarStyle.DoubleQuoted)] string Port,
    IReadOnlyList<string> NodeFilters);

internal sealed record K3dOptions
{
    public K3dCreateOptions K3d { get; init; } = new();

    public K3sOptions K3s { get; init; } = new();

    public K3dKubeconfigOptions Kubeconfig { get; init; } = new();
}

internal sealed record K3dCreateOptions
{
    public bool Wait { get; init; } = true;

    public string Timeout { get; init; } = "300s";
}

internal sealed record K3sOptions
{
    /// <summary>No ingress controller or service load balancer: NodeStack exposes services as NodePorts on loopback.</summary>
    public IReadOnlyList<K3sArg> ExtraArgs { get; init; } =
    [
        new("--disable=traefik", ["server:*"]),
        new("--disable=servicelb", ["server:*"]),
    ];
}

internal sealed record K3sArg(string Arg, IReadOnlyList<string> NodeFilters);

internal sealed record K3dKubeconfigOptions
{
    public bool UpdateDefaultKubeconfig { get; init; } = true;

    /// <summary>Deploy names its context explicitly, so creating the cluster does not change the user's current context.</summary>
    public bool SwitchCurrentContext { get; init; }
}
