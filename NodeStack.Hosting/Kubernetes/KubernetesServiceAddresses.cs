using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The in-cluster addresses of the model's resources: <c>&lt;service&gt;.&lt;namespace&gt;.svc.&lt;cluster domain&gt;</c>
/// and the endpoint's container port. Configuration generators receive this instead of local addresses.
/// </summary>
public sealed class KubernetesServiceAddresses
{
    private readonly KubernetesNaming _naming;

    internal KubernetesServiceAddresses(KubernetesNaming naming) => _naming = naming;

    /// <summary>The DNS name of the resource's Service, such as <c>geth.eth-nodes.svc.cluster.local</c>.</summary>
    public string Host(IResource resource) => _naming.ServiceHost(resource);

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

    /// <summary>The endpoint's URL, such as <c>http://geth.eth-nodes.svc.cluster.local:8545</c>.</summary>
    public string Url(EndpointReference endpoint) => endpoint.EndpointAnnotation.UriScheme + "://" + HostAndPort(endpoint);
}
