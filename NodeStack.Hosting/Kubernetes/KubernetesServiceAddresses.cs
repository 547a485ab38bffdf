using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes.Manifest;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The in-cluster addresses of the model's resources: <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;</c>
/// and the endpoint's container port. Seen from one calling resource (<see cref="ForCaller"/>), every endpoint it is given
/// an address of is recorded in <see cref="Access"/>: that is the traffic its NetworkPolicy allows.
/// </summary>
internal sealed class KubernetesServiceAddresses : ServiceAddresses
{
    private readonly KubernetesNaming _naming;
    private readonly IResource? _caller;

    internal KubernetesServiceAddresses(KubernetesNaming naming)
        : this(naming, null, new EndpointAccess())
    {
    }

    private KubernetesServiceAddresses(KubernetesNaming naming, IResource? caller, EndpointAccess access)
    {
        _naming = naming;
        _caller = caller;
        Access = access;
    }

    /// <summary>Which resource reaches which endpoint, as recorded while the model's values and files were rendered.</summary>
    public EndpointAccess Access { get; }

    /// <summary>The same addresses, recording what <paramref name="caller"/> is given an address of.</summary>
    public KubernetesServiceAddresses ForCaller(IResource caller) => new(_naming, caller, Access);

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
    public static string Name(IResource resource) => KubernetesNaming.ObjectName(resource);

    /// <summary>
    /// A glob matching the names of the resource's pods and no other workload's: <c>geth-[0-9]*</c> for a StatefulSet's
    /// <c>geth-0</c>, ... (so <c>bitcoin-[0-9]*</c> leaves out <c>bitcoin-exporter-...</c>), <c>name-*</c> otherwise.
    /// </summary>
    public static string PodNamePattern(IResource resource) =>
        KubernetesNaming.ObjectName(resource) + (KubernetesPodAnnotation.PodOf(resource).Kind == KubernetesWorkloadKind.StatefulSet ? "-[0-9]*" : "-*");

    /// <summary>The port the resource's Service serves the endpoint on (its container port).</summary>
    public int Port(EndpointReference endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Reach(endpoint);
        return KubernetesNaming.ContainerPort(endpoint.Resource, endpoint.EndpointAnnotation);
    }

    /// <summary><c>host:port</c> of the endpoint, such as <c>geth.eth-nodes.svc.cluster.local:6060</c>.</summary>
    public string HostAndPort(EndpointReference endpoint) =>
        Host(endpoint.Resource) + ":" + Port(endpoint).ToString(CultureInfo.InvariantCulture);

    /// <summary>The endpoint's URL, such as <c>http://geth.eth-nodes.svc.cluster.local:8545</c>.</summary>
    public string Url(EndpointReference endpoint) => endpoint.EndpointAnnotation.UriScheme + "://" + HostAndPort(endpoint);

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
        return KubernetesPodAnnotation.PodOf(resource).Kind switch
        {
            KubernetesWorkloadKind.StatefulSet => new ScrapeAddress($"{Name(resource)}-0.{ServiceBuilder.HeadlessName(resource)}{suffix}"),
            KubernetesWorkloadKind.DaemonSet => new ScrapeAddress(Name(resource) + suffix, ScrapeDiscovery.DnsA),
            _ => new ScrapeAddress(HostAndPort(endpoint)),
        };
    }

    /// <summary>Records that the calling resource is given an address of <paramref name="endpoint"/>.</summary>
    public void Reach(EndpointReference endpoint)
    {
        if (_caller is not null && !ReferenceEquals(_caller, endpoint.Resource))
        {
            Access.Add(_caller, endpoint.Resource, endpoint.EndpointName);
        }
    }

    public override ValueTask<string> UrlAsync(EndpointReference endpoint, CancellationToken cancellationToken) => ValueTask.FromResult(Url(endpoint));

    public override ValueTask<ScrapeAddress> ScrapeAddressAsync(EndpointReference endpoint, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ScrapeAddress(endpoint));
}

/// <summary>Which resource reaches which endpoint of another: the model's own references, the source of the NetworkPolicies' allows.</summary>
internal sealed class EndpointAccess
{
    private readonly HashSet<(IResource From, IResource To, string EndpointName)> _reached = [];

    public void Add(IResource from, IResource to, string endpointName) => _reached.Add((from, to, endpointName));

    /// <summary>The resources that reach <paramref name="target"/>, with the endpoint names each reaches.</summary>
    public IEnumerable<(IResource From, string EndpointName)> To(IResource target) =>
        _reached.Where(r => ReferenceEquals(r.To, target)).Select(r => (r.From, r.EndpointName));
}
