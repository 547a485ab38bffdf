using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Makes an endpoint reachable from the machine running k3d at <c>127.0.0.1:<paramref name="HostPort"/></c> only:
/// a NodePort Service on <paramref name="NodePort"/> plus a k3d load-balancer port mapping bound to loopback.
/// </summary>
/// <param name="EndpointName">The endpoint to expose.</param>
/// <param name="HostPort">The loopback port on the host, such as 8545.</param>
/// <param name="NodePort">The NodePort (30000-32767) the k3d load balancer forwards to.</param>
public sealed record KubernetesHostPortAnnotation(string EndpointName, int HostPort, int NodePort) : IResourceAnnotation;
