using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes.Manifest;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The in-cluster addresses of the model's resources: <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;</c>
/// and the endpoint's container port. Configuration generators receive this instead of local addresses.
/// </summary>
public sealed class KubernetesServiceAddresses
{
    private readonly KubernetesNaming _naming;

    internal KubernetesServiceAddresses(KubernetesNaming naming) => _naming = naming;

    /// <summary>
    /// Where log shippers send logs: the OTLP/HTTP endpoint from <c>NodeStack:Kubernetes:LogsOtlpEndpoint</c>, or null
    /// to write them to standard output (read with <c>kubectl logs</c>).
    /// </summary>
    public Uri? LogsOtlpEndpoint => _naming.Settings.LogsOtlpEndpoint.Length > 0 ? new Uri(_naming.Settings.LogsOtlpEndpoint) : null;

    /// <summary>The DNS name of the resource's Service, such as <c>geth.eth-nodes.svc.cluster.local</c>.</summary>
    public string Host(IResource resource) => _naming.ServiceHost(resource);

    /// <summary>Every name that resolves to the resource's Service inside the cluster, shortest first.</summary>
    public IReadOnlyList<string> HostNames(IResource resource)
    {
        var name = Name(resource);
        var @namespace = Namespace(resource);
        return [name, $"{name}.{@namespace}", $"{name}.{@namespace}.svc", Host(resource)];
    }

    /// <summary>The namespace the resource is published in, prefix included, such as <c>eth-nodes</c>.</summary>
    public string Namespace(IResource resource) => _naming.Namespace(resource);

    /// <summary>The name of the resource's workload, Service and container, such as <c>geth</c> (a StatefulSet's pods are <c>geth-0</c>, ...).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the address API beside Host; kept an instance member.")]
    public string Name(IResource resource) => KubernetesNaming.ObjectName(resource);

    /// <summary>
    /// A glob matching the names of the resource's pods and no other workload's: <c>geth-[0-9]*</c> for a StatefulSet's
    /// <c>geth-0</c>, ... (so <c>bitcoin-[0-9]*</c> leaves out <c>bitcoin-exporter-...</c>), <c>name-*</c> otherwise.
    /// </summary>
    public static string PodNamePattern(IResource resource) =>
        KubernetesNaming.ObjectName(resource) + (KubernetesNaming.Workload(resource).Kind == KubernetesWorkloadKind.StatefulSet ? "-[0-9]*" : "-*");

    /// <summary>The port the resource's Service serves the endpoint on (its container port).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the address API beside Host; kept an instance member.")]
    public int Port(EndpointReference endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return KubernetesNaming.ContainerPort(endpoint.Resource, endpoint.EndpointAnnotation);
    }

    /// <summary><c>host:port</c> of the endpoint, such as <c>geth.eth-nodes.svc.cluster.local:6060</c>.</summary>
    public string HostAndPort(EndpointReference endpoint) =>
        Host(endpoint.Resource) + ":" + Port(endpoint).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Where Prometheus scrapes the endpoint, bypassing readiness (metrics matter most while a pod is unready): a
    /// StatefulSet's pod by its stable DNS name through the headless Service, such as
    /// <c>geth-0.geth-headless.eth-nodes.svc.cluster.local:6060</c>; every pod of a DaemonSet through its headless Service's
    /// A records; a Deployment's single replica through its Service.
    /// </summary>
    public ScrapeAddress ScrapeAddress(EndpointReference endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var resource = endpoint.Resource;
        var port = Port(endpoint).ToString(CultureInfo.InvariantCulture);
        var suffix = $".{Namespace(resource)}.svc.{_naming.Settings.ClusterDomain}:{port}";
        return KubernetesNaming.Workload(resource).Kind switch
        {
            KubernetesWorkloadKind.StatefulSet => new ScrapeAddress($"{Name(resource)}-0.{ServiceBuilder.HeadlessName(resource)}{suffix}"),
            KubernetesWorkloadKind.DaemonSet => new ScrapeAddress(Name(resource) + suffix, ScrapeDiscovery.DnsA),
            _ => new ScrapeAddress(HostAndPort(endpoint)),
        };
    }

    /// <summary>The endpoint's URL, such as <c>http://geth.eth-nodes.svc.cluster.local:8545</c>.</summary>
    public string Url(EndpointReference endpoint) => endpoint.EndpointAnnotation.UriScheme + "://" + HostAndPort(endpoint);
}
