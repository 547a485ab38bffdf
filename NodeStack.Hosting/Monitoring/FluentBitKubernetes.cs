using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// How Fluent Bit is published to Kubernetes: a DaemonSet in its own <c>logging</c> namespace that tails the kubelet's log
/// files of every node container (<see cref="NodeLogFileAnnotation"/>) through a read-only hostPath to <c>/var/log</c>, the
/// one documented exception to the restricted Pod Security Standard. It still runs as the user it runs as locally, reading
/// the container runtime's <c>root:root 0640</c> files through the supplemental group 0, with every capability dropped.
/// Its pipeline is <see cref="FluentBitConfigGenerator.ForKubernetes"/>: the local run's parsers and <c>node-log.lua</c>,
/// with the CRI parser and the kubernetes filter (its ServiceAccount may only get pods, in the node namespaces and its own).
/// Records go to standard output, or to the OTLP endpoint in <c>NodeStack:Kubernetes:LogsOtlpEndpoint</c>. Tail offsets
/// live in an emptyDir: a restarted container resumes where it was; a replaced pod reads each file from its head again
/// (lines are resent, never skipped). A host folder would keep them across pods, but the kubelet creates a hostPath
/// folder as root 0755, which this non-root pod cannot write, and making it writable needs a root init step.
/// </summary>
internal static class FluentBitKubernetes
{
    /// <summary>Where the tail offset databases are kept (an emptyDir).</summary>
    public const string StateDirectory = FluentBitResource.StateDirectory;

    public static void Shape(KubernetesPod pod, IEnumerable<IResource> resources)
    {
        pod.Namespace = "logging";
        pod.Component = "log-shipper";
        pod.AsDaemonSet()
            .WithResources("50m", "64Mi", "500m", "256Mi")
            .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(FluentBitResource.HttpEndpointName, "/api/v1/health"))
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(FluentBitResource.HttpEndpointName, "/"));
        pod.WritablePaths.Add(StateDirectory);
        pod.HostPaths.Add(new KubernetesHostPath("/var/log", "/var/log", ReaderGroupId: 0));
        // The kubernetes filter GETs each node pod by name (and, to test its connection at startup, its own pod), nothing else.
        pod.ApiReads.Add(new KubernetesApiRead("", ["pods"], ["get"], NodeLogResources(resources).ToList()));
    }

    /// <summary>The DaemonSet's pipeline: the local run's parsers and script, reading the kubelet's files of every node container.</summary>
    public static string Configuration(IEnumerable<IResource> resources, KubernetesServiceAddresses addresses) =>
        FluentBitConfigGenerator.ForKubernetes(NodeLogs(resources, addresses), Output(addresses), FluentBitResource.ConfigDirectory, StateDirectory);

    private static IEnumerable<IResource> NodeLogResources(IEnumerable<IResource> resources) =>
        resources.Where(r => r.TryGetLastAnnotation<NodeLogFileAnnotation>(out _));

    private static IEnumerable<KubernetesNodeLogSource> NodeLogs(IEnumerable<IResource> resources, KubernetesServiceAddresses addresses) =>
        NodeLogResources(resources)
            .Select(r => new KubernetesNodeLogSource(
                r.Name, r.Annotations.OfType<NodeLogFileAnnotation>().Last().Format, addresses.Namespace(r), KubernetesServiceAddresses.PodNamePattern(r), KubernetesServiceAddresses.Name(r)));

    private static FluentBitLogOutput Output(KubernetesServiceAddresses addresses) => addresses.LogsOtlpEndpoint is { } endpoint
        ? new FluentBitOtlpOutput(
            endpoint.Host,
            endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            endpoint.Scheme == Uri.UriSchemeHttps ? "on" : "off",
            VerifyTls: true,
            OtlpTransport.Http,
            new SortedDictionary<string, string>(StringComparer.Ordinal))
        : new FluentBitStdoutOutput();
}
