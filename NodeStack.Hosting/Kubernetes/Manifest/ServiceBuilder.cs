using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// The Services of a resource: a ClusterIP Service for every endpoint (the address other resources use), plus a headless
/// one for a StatefulSet's stable pod names (<c>geth-0.geth-headless...</c>), and on k3d a NodePort one for endpoints
/// exposed on the host's loopback (on any other cluster a NodePort would open the port on every node, so those are reached
/// with <c>kubectl port-forward</c>). A DaemonSet's pods are per-node agents with nothing to balance between, so its one
/// Service is headless: its name resolves to every pod. Headless Services list unready pods too, so metrics are scraped
/// from a pod exactly when it is unready.
/// </summary>
internal static class ServiceBuilder
{
    public static string HeadlessName(IResource resource) => KubernetesNaming.ObjectName(resource) + "-headless";

    public static string HostName(IResource resource) => KubernetesNaming.ObjectName(resource) + "-host";

    public static IEnumerable<V1Service> Build(IResource resource, KubernetesNaming naming)
    {
        var endpoints = PodTemplateBuilder.PublishedEndpoints(resource).ToList();
        if (endpoints.Count == 0)
        {
            yield break;
        }

        var kind = KubernetesNaming.Pod(resource).Kind;
        yield return Service(resource, naming, KubernetesNaming.ObjectName(resource), kind == KubernetesWorkloadKind.DaemonSet
            ? Headless(resource, naming, endpoints)
            : new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = naming.SelectorLabels(resource),
                Ports = endpoints.Select(e => Port(resource, e)).ToList(),
            });

        if (kind == KubernetesWorkloadKind.StatefulSet)
        {
            yield return Service(resource, naming, HeadlessName(resource), Headless(resource, naming, endpoints));
        }

        var exposed = naming.Settings.ExposesHostPorts ? HostPorts(resource).ToList() : [];
        if (exposed.Count > 0)
        {
            yield return Service(resource, naming, HostName(resource), new V1ServiceSpec
            {
                Type = "NodePort",
                Selector = naming.SelectorLabels(resource),
                Ports = exposed.Select(h =>
                {
                    var port = Port(resource, Endpoint(resource, h.EndpointName));
                    port.NodePort = h.NodePort;
                    return port;
                }).ToList(),
            });
        }
    }

    public static IEnumerable<KubernetesHostPort> HostPorts(IResource resource) =>
        KubernetesNaming.Pod(resource).HostPorts.OrderBy(h => h.HostPort);

    public static EndpointAnnotation Endpoint(IResource resource, string endpointName) =>
        PodTemplateBuilder.PublishedEndpoints(resource).FirstOrDefault(e => e.Name == endpointName)
        ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no endpoint '{endpointName}' to publish.");

    private static V1ServiceSpec Headless(IResource resource, KubernetesNaming naming, List<EndpointAnnotation> endpoints) => new()
    {
        ClusterIP = "None",
        PublishNotReadyAddresses = true,
        Selector = naming.SelectorLabels(resource),
        Ports = endpoints.Select(e => Port(resource, e)).ToList(),
    };

    private static V1ServicePort Port(IResource resource, EndpointAnnotation endpoint) => new()
    {
        Name = KubernetesNaming.PortName(resource, endpoint),
        Port = KubernetesNaming.ContainerPort(resource, endpoint),
        Protocol = PodTemplateBuilder.Protocol(endpoint),
        TargetPort = KubernetesNaming.PortName(resource, endpoint),
    };

    private static V1Service Service(IResource resource, KubernetesNaming naming, string name, V1ServiceSpec spec) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = WorkloadBuilder.Metadata(resource, naming, name),
        Spec = spec,
    };
}
