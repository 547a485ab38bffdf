using System.Globalization;
using System.Text.Json;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>A k3d load balancer port mapping: <see cref="HostIp"/>:<see cref="HostPort"/> on the host to a node port.</summary>
/// <param name="HostIp">The host address it binds, 127.0.0.1 for NodeStack.</param>
/// <param name="HostPort">The host port.</param>
/// <param name="NodePort">The port on the load balancer, which forwards it to every node (a NodePort).</param>
internal sealed record K3dPortMapping(string HostIp, int HostPort, int NodePort)
{
    /// <summary>The mappings this stack wants: its host ports when it is exposed on the k3d host (see <see cref="KubernetesPublishSettings.ExposesHostPorts"/>).</summary>
    public static IReadOnlyList<K3dPortMapping> For(KubernetesPublishSettings settings, KubernetesManifest manifest) =>
        settings.ExposesHostPorts ? manifest.HostPorts.Select(h => new K3dPortMapping("127.0.0.1", h.HostPort, h.NodePort)).ToList() : [];

    /// <summary>The mapping as k3d's config file and <c>--port-add</c> write it: <c>127.0.0.1:8545:30241</c>.</summary>
    public string Spec => string.Create(CultureInfo.InvariantCulture, $"{HostIp}:{HostPort}:{NodePort}");
}

/// <summary>
/// Reads <c>k3d cluster list --output json</c> (k3d v5): an array of clusters, each with its <c>name</c> and <c>nodes</c>;
/// the node whose <c>role</c> is <c>loadbalancer</c> carries the host port mappings as Docker's port map,
/// <c>"portMappings": {"30241/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8545"}]}</c>.
/// </summary>
internal static class K3dClusterList
{
    /// <summary>The load balancer's own port for the Kubernetes API: its mapping is the cluster's, not a service's.</summary>
    private const int KubernetesApiPort = 6443;

    /// <summary>Each cluster's name and its load balancer's TCP port mappings for services (none without a load balancer).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<K3dPortMapping>> Parse(string json)
    {
        using var document = JsonDocument.Parse(json.Trim().Length == 0 ? "[]" : json);
        var clusters = new Dictionary<string, IReadOnlyList<K3dPortMapping>>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return clusters;
        }

        foreach (var cluster in document.RootElement.EnumerateArray())
        {
            if (cluster.TryGetProperty("name", out var name) && name.GetString() is { } clusterName)
            {
                clusters[clusterName] = LoadBalancerPorts(cluster).ToList();
            }
        }

        return clusters;
    }

    /// <summary>The wanted mappings the cluster lacks (a mapping is a host address and port forwarded to one node port).</summary>
    public static IReadOnlyList<K3dPortMapping> Missing(IEnumerable<K3dPortMapping> wanted, IEnumerable<K3dPortMapping> existing) =>
        wanted.Except(existing).OrderBy(m => m.HostPort).ToList();

    private static IEnumerable<K3dPortMapping> LoadBalancerPorts(JsonElement cluster)
    {
        if (!cluster.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var node in nodes.EnumerateArray().Where(n => n.TryGetProperty("role", out var role) && role.GetString() == "loadbalancer"))
        {
            if (!node.TryGetProperty("portMappings", out var ports) || ports.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var port in ports.EnumerateObject())
            {
                var (number, protocol) = (port.Name.Split('/')[0], port.Name.Contains('/', StringComparison.Ordinal) ? port.Name.Split('/')[1] : "tcp");
                if (protocol != "tcp" || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var nodePort)
                    || nodePort == KubernetesApiPort || port.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var binding in port.Value.EnumerateArray())
                {
                    if (int.TryParse(binding.GetProperty("HostPort").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
                    {
                        yield return new K3dPortMapping(binding.TryGetProperty("HostIp", out var ip) ? ip.GetString() ?? "" : "", hostPort, nodePort);
                    }
                }
            }
        }
    }
}
