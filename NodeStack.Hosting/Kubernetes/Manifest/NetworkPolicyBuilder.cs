using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// Network segmentation: every namespace denies all ingress by default, and each resource gets one policy that lets in
/// exactly the traffic the model declares: from each resource the model gives an address of the endpoint, and from any
/// source on endpoints the pod opens to any source (p2p ports) and on ports exposed to the host.
/// </summary>
internal static class NetworkPolicyBuilder
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static V1NetworkPolicy DefaultDeny(string @namespace, KubernetesNaming naming) => new()
    {
        ApiVersion = ApiVersion,
        Kind = V1NetworkPolicy.KubeKind,
        Metadata = new V1ObjectMeta { Name = "default-deny-ingress", NamespaceProperty = @namespace, Labels = naming.StackLabels() },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
    };

    public static V1NetworkPolicy? Allows(IResource resource, EndpointAccess access, KubernetesNaming naming)
    {
        var rules = new SortedDictionary<string, (IResource? From, SortedSet<string> Endpoints)>(StringComparer.Ordinal);
        void Allow(IResource? from, string endpointName)
        {
            ServiceBuilder.Endpoint(resource, endpointName);
            var key = from is null ? "" : naming.Namespace(from) + "/" + KubernetesNaming.ObjectName(from);
            if (!rules.TryGetValue(key, out var rule))
            {
                rules[key] = rule = (from, new SortedSet<string>(StringComparer.Ordinal));
            }

            rule.Endpoints.Add(endpointName);
        }

        // Every resource that was given an address of one of this resource's endpoints, in its arguments, environment or
        // container files (Prometheus' scrape targets included), may reach it; a resource reaches itself on localhost.
        foreach (var (from, endpointName) in access.To(resource))
        {
            Allow(from, endpointName);
        }

        foreach (var endpointName in KubernetesNaming.Pod(resource).OpenToAnySource)
        {
            Allow(null, endpointName);
        }

        // The k3d load balancer reaches a NodePort from a node's address, which no pod selector matches. The port is bound to the
        // host's loopback, so "any source" means the host and the cluster, never the network beyond.
        foreach (var host in naming.Settings.ExposesHostPorts ? ServiceBuilder.HostPorts(resource) : [])
        {
            Allow(null, host.EndpointName);
        }

        if (rules.Count == 0)
        {
            return null;
        }

        return new V1NetworkPolicy
        {
            ApiVersion = ApiVersion,
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = WorkloadBuilder.Metadata(resource, naming, KubernetesNaming.ObjectName(resource) + "-ingress"),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = naming.SelectorLabels(resource) },
                PolicyTypes = ["Ingress"],
                Ingress = rules.Values.Select(rule => new V1NetworkPolicyIngressRule
                {
                    FromProperty = rule.From is null ? null : [Peer(rule.From, naming)],
                    Ports = rule.Endpoints.Select(e => Port(resource, e)).ToList(),
                }).ToList(),
            },
        };
    }

    private static string ApiVersion => WorkloadBuilder.ApiVersion(V1NetworkPolicy.KubeGroup, V1NetworkPolicy.KubeApiVersion);

    private static V1NetworkPolicyPeer Peer(IResource from, KubernetesNaming naming) => new()
    {
        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [NamespaceNameLabel] = naming.Namespace(from) } },
        PodSelector = new V1LabelSelector { MatchLabels = naming.SelectorLabels(from) },
    };

    private static V1NetworkPolicyPort Port(IResource resource, string endpointName)
    {
        var endpoint = ServiceBuilder.Endpoint(resource, endpointName);
        return new V1NetworkPolicyPort { Port = KubernetesNaming.PortName(resource, endpoint), Protocol = PodTemplateBuilder.Protocol(endpoint) };
    }
}
