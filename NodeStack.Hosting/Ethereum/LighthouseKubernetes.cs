using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// How Lighthouse is published to Kubernetes: a StatefulSet beside geth in <c>eth-nodes</c>, keeping <c>/data</c> on a
/// retained claim, as the user it runs as locally, with a read-only root filesystem. It reaches geth's Engine API, the
/// address its arguments are given (so geth's auth RPC admits it), with the shared JWT mounted from its Secret as a file. The Beacon API's node health
/// (200 ready, 206 syncing, 503 not yet initialised) is the readiness probe; the startup probe waits for the API to come up
/// after the checkpoint state is downloaded.
/// </summary>
internal static class LighthouseKubernetes
{
    public static void Shape(KubernetesPod pod, GethResource geth)
    {
        pod.Namespace = GethKubernetes.Namespace;
        pod.Component = "consensus-client";
        pod.WritablePaths.Add("/tmp");
        pod.Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(LighthouseResource.HttpEndpointName, "/eth/v1/node/health"))
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp(LighthouseResource.HttpEndpointName), periodSeconds: 30, failureThreshold: 5);
        pod.OpenToAnySource.UnionWith([LighthouseResource.P2pEndpointName, LighthouseResource.DiscoveryEndpointName, LighthouseResource.QuicEndpointName]);
        Sizing(geth.Network).ApplyTo(pod, LighthouseResource.DataDirectory, KubernetesProbeCheck.Http(LighthouseResource.HttpEndpointName, "/eth/v1/node/version"));
    }

    /// <summary>
    /// Per network: the beacon database with blobs and headroom, the memory Lighthouse's caches take, and five minutes to
    /// persist its fork choice and caches on SIGTERM.
    /// </summary>
    public static KubernetesNodeSizing Sizing(EthereumNetwork network) => network switch
    {
        EthereumNetwork.Hoodi or EthereumNetwork.Sepolia => new("200Gi", "500m", "2Gi", "2", "4Gi", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)),
        EthereumNetwork.Mainnet => new("400Gi", "1", "4Gi", "4", "8Gi", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)),
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, "Lighthouse follows public networks only."),
    };
}
