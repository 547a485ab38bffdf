using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>
/// How a user reaches the deployed services: the loopback ports of a stack exposed on the k3d host, port-forwarding
/// otherwise. A prefixed stack on k3d shares the machine with the exposed one, so it forwards from a free local port.
/// </summary>
internal static class ServiceAccess
{
    public static IEnumerable<string> Describe(KubernetesManifest manifest, KubernetesPublishSettings settings)
    {
        var naming = new KubernetesNaming(settings);
        var kubectl = settings.EffectiveKubeContext.Length > 0 ? $"kubectl --context {settings.EffectiveKubeContext}" : "kubectl";
        foreach (var host in manifest.HostPorts)
        {
            var scheme = host.Scheme is "http" or "https" ? host.Scheme : "tcp";
            var forward = $"{kubectl} -n {host.Namespace} port-forward svc/{host.Service}";
            yield return settings.ExposesHostPorts ? $"{host.Resource} {host.Endpoint}: {scheme}://127.0.0.1:{host.HostPort}"
                : settings.UsesK3d ? $"{host.Resource} {host.Endpoint}: {forward} :{host.Endpoint}, then {scheme}://127.0.0.1:<the local port it prints>"
                : $"{host.Resource} {host.Endpoint}: {forward} {host.HostPort}:{host.Endpoint}, then {scheme}://127.0.0.1:{host.HostPort}";
        }

        yield return $"Everything else: {kubectl} get pods,svc -A -l {naming.StackSelector}";
    }
}
