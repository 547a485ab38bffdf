using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// How geth is published to Kubernetes: a StatefulSet in <c>eth-nodes</c> keeping <c>/data</c> on a retained claim sized for
/// its network, as the user it runs as locally, with a read-only root filesystem, JSON-RPC on the k3d host's 127.0.0.1:8545, and
/// p2p open to anyone on public networks. Its JSON-RPC answers a plain <c>GET /</c> with 200 (geth's health-check
/// allowance), which is the readiness probe; liveness only checks the port, so a node busy syncing is never restarted.
/// </summary>
internal static class GethKubernetes
{
    /// <summary>The namespace of the Ethereum nodes.</summary>
    public const string Namespace = "eth-nodes";

    /// <summary>The k3d host's loopback port for JSON-RPC.</summary>
    public const int HostRpcPort = 8545;

    public static void Shape(KubernetesPod pod, GethResource geth)
    {
        var rpc = KubernetesProbeCheck.Http(GethResource.HttpEndpointName, "/");
        pod.Namespace = Namespace;
        pod.Component = "execution-client";
        pod.WritablePaths.Add("/tmp");
        pod.Probe(KubernetesProbeType.Readiness, rpc)
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp(GethResource.HttpEndpointName), periodSeconds: 30, failureThreshold: 5)
            .ExposeOnHost(GethResource.HttpEndpointName, HostRpcPort);
        Sizing(geth.Network).ApplyTo(pod, GethResource.DataDirectory, rpc);
        if (geth.Network.IsPublic())
        {
            pod.OpenToAnySource.Add(GethResource.P2pEndpointName);
            pod.OpenToAnySource.Add(GethResource.DiscoveryEndpointName);
        }
    }

    /// <summary>
    /// Per network: a snap-synced full node's database with headroom (geth's own guidance is 2 TB for mainnet), three
    /// times its cache (<see cref="GethCache"/>) for the cache, the Go heap and the state being synced, an hour to open a large database on its first start, and
    /// ten minutes to write its in-memory state to disk on SIGTERM (killed sooner, it replays blocks on the next start).
    /// </summary>
    public static KubernetesNodeSizing Sizing(EthereumNetwork network) => network switch
    {
        EthereumNetwork.Dev => new("5Gi", "100m", "256Mi", "1", "1Gi", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2)),
        EthereumNetwork.Hoodi => new("250Gi", "1", "4Gi", "4", "8Gi", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)),
        EthereumNetwork.Sepolia => new("1Ti", "1", "4Gi", "4", "8Gi", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)),
        EthereumNetwork.Mainnet => new("2Ti", "2", "8Gi", "4", "16Gi", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };
}
