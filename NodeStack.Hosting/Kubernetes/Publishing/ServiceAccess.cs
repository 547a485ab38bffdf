using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>How a user reaches the deployed services: loopback ports on k3d, port-forwarding otherwise.</summary>
internal static class ServiceAccess
{
    public static IEnumerable<string> Describe(KubernetesManifest manifest, KubernetesPublishSettings settings)
    {
        var naming = new KubernetesNaming(settings);
        foreach (var host in manifest.HostPorts)
        {
            var url = $"{(host.Scheme is "http" or "https" ? host.Scheme : "tcp")}://127.0.0.1:{host.HostPort}";
            yield return settings.UsesK3d
                ? $"{host.Resource} {host.Endpoint}: {url}"
                : $"{host.Resource} {host.Endpoint}: kubectl -n {host.Namespace} port-forward svc/{host.Service} {host.HostPort}:{host.Endpoint}, then {url}";
        }

        yield return $"Everything else: kubectl get pods,svc -A -l {naming.StackSelector}";
    }
}
