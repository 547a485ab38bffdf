using System.Text.RegularExpressions;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Where and how the model is published and deployed to Kubernetes. Bound from <c>NodeStack:Kubernetes</c>
/// (appsettings, environment or command line, such as <c>--NodeStack:Kubernetes:StorageClass=standard</c>) and
/// validated at startup. The defaults target a local k3d cluster.
/// </summary>
public sealed partial class KubernetesPublishSettings
{
    /// <summary>The configuration section the settings are read from.</summary>
    public const string SectionName = "NodeStack:Kubernetes";

    /// <summary>The StorageClass of chain data and Prometheus volume claims. Default <c>local-path</c> (k3s' provisioner).</summary>
    public string StorageClass { get; set; } = "local-path";

    /// <summary>The kubeconfig context deploy and destroy use. Default: <c>k3d-&lt;K3dCluster&gt;</c>, or the current context when <see cref="K3dCluster"/> is empty.</summary>
    public string KubeContext { get; set; } = "";

    /// <summary>
    /// Prepended to every namespace (<c>lab1-</c> gives <c>lab1-eth-nodes</c>), so several stacks can share a cluster. On k3d
    /// a prefixed stack is not exposed on the host (see <see cref="ExposesHostPorts"/>). Default empty.
    /// </summary>
    public string NamespacePrefix { get; set; } = "";

    /// <summary>The cluster DNS domain used in service addresses. Default <c>cluster.local</c>.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>The k3d cluster deploy creates and imports images into. Default <c>nodestack</c>; empty targets an existing cluster instead.</summary>
    public string K3dCluster { get; set; } = "nodestack";

    /// <summary>
    /// The registry project images are pushed to when <see cref="K3dCluster"/> is empty (the cluster pulls them from there),
    /// such as <c>ghcr.io/me</c>. Default empty: images are imported into k3d.
    /// </summary>
    public string ImageRegistry { get; set; } = "";

    /// <summary>
    /// The OTLP/HTTP endpoint (<c>http(s)://host:port</c>) Fluent Bit sends node logs to, such as an OpenTelemetry Collector's
    /// <c>http://otel-collector.observability.svc:4318</c>. Default empty: Fluent Bit writes them to its standard output
    /// as JSON lines, read with <c>kubectl logs</c> or by the cluster's own log pipeline.
    /// </summary>
    public string LogsOtlpEndpoint { get; set; } = "";

    /// <summary>Whether destroy also deletes the chain data and Prometheus volumes, the Secrets and the namespaces. Default false.</summary>
    public bool DestroyDeletesData { get; set; }

    /// <summary>Whether destroy also deletes the k3d cluster. Default false.</summary>
    public bool DestroyDeletesCluster { get; set; }

    /// <summary>How long deploy waits for every workload to become ready. Default 10 minutes.</summary>
    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>app.kubernetes.io/instance</c> label of everything deployed, unique per namespace prefix.</summary>
    public string InstanceName => NamespacePrefix.Length == 0 ? "nodestack" : NamespacePrefix.TrimEnd('-') + "-nodestack";

    /// <summary>Whether deploy and destroy manage a k3d cluster.</summary>
    public bool UsesK3d => K3dCluster.Length > 0;

    /// <summary>
    /// Whether services are exposed on the k3d host's loopback (NodePorts and k3d port mappings): on k3d, for the stack
    /// without a namespace prefix only. A prefixed stack shares the cluster, and the machine's loopback ports, with another
    /// stack, whose NodePorts and host ports it would collide with; it is reached with <c>kubectl port-forward</c> instead.
    /// </summary>
    public bool ExposesHostPorts => UsesK3d && NamespacePrefix.Length == 0;

    /// <summary>The kubeconfig context to use, or empty for the current one.</summary>
    public string EffectiveKubeContext => KubeContext.Length > 0 ? KubeContext : UsesK3d ? "k3d-" + K3dCluster : "";

    /// <summary>Throws <see cref="Profiles.NodeStackSettingsException"/> naming every invalid setting and what it accepts.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        Check(DnsSubdomain().IsMatch(StorageClass), nameof(StorageClass), StorageClass, "a DNS subdomain such as local-path or standard");
        Check(NamespacePrefix.Length == 0 || (DnsLabel().IsMatch(NamespacePrefix.TrimEnd('-')) && NamespacePrefix.Length <= 20),
            nameof(NamespacePrefix), NamespacePrefix, "empty, or up to 20 lowercase letters, digits and '-' starting with a letter, such as lab1-");
        Check(DnsSubdomain().IsMatch(ClusterDomain), nameof(ClusterDomain), ClusterDomain, "a DNS domain such as cluster.local");
        Check(K3dCluster.Length == 0 || (DnsLabel().IsMatch(K3dCluster) && K3dCluster.Length <= 32),
            nameof(K3dCluster), K3dCluster, "empty (an existing cluster) or up to 32 lowercase letters, digits and '-'");
        Check(ImageRegistry.Length == 0 || !ImageRegistry.Contains("://", StringComparison.Ordinal) && !ImageRegistry.EndsWith('/'),
            nameof(ImageRegistry), ImageRegistry, "empty or a registry host and path without scheme or trailing '/', such as ghcr.io/me");
        Check(LogsOtlpEndpoint.Length == 0 || IsOtlpEndpoint(LogsOtlpEndpoint), nameof(LogsOtlpEndpoint), LogsOtlpEndpoint,
            "empty (standard output) or an http(s) URL with host and port and no path, such as http://otel-collector.observability.svc:4318");
        Check(!DestroyDeletesCluster || DestroyDeletesData, nameof(DestroyDeletesCluster), "true",
            "it together with DestroyDeletesData=true, because deleting the k3d cluster deletes its volumes too");
        Check(RolloutTimeout > TimeSpan.Zero, nameof(RolloutTimeout), RolloutTimeout.ToString(), "a positive duration such as 00:10:00");
        if (errors.Count > 0)
        {
            throw new Profiles.NodeStackSettingsException("Invalid Kubernetes settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        void Check(bool valid, string name, string value, string allowed)
        {
            if (!valid)
            {
                errors.Add($"  {SectionName}:{name} = '{value}' is not valid; use {allowed}.");
            }
        }
    }

    private static bool IsOtlpEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.UserInfo.Length == 0;

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
