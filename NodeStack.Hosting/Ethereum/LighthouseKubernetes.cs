using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// How Lighthouse is published to Kubernetes: a StatefulSet beside geth in <c>eth-nodes</c>, keeping <c>/data</c> on a
/// retained claim, as a fixed non-root user with a read-only root filesystem. It reaches geth's Engine API through the
/// only allow geth's auth RPC has, with the shared JWT mounted from its Secret as a file. The Beacon API's node health
/// (200 ready, 206 syncing, 503 not yet initialised) is the readiness probe; the startup probe waits for the API to come up
/// after the checkpoint state is downloaded.
/// </summary>
internal static class LighthouseKubernetes
{
    public static void Configure(IResourceBuilder<LighthouseResource> lighthouse, IResourceBuilder<GethResource> geth)
    {
        lighthouse.WithKubernetesWorkload(GethKubernetes.Namespace, "consensus-client")
            // The same non-root user as locally (WithContainerUser in AddLighthouse): the image defines none.
            .WithKubernetesSecurity(readOnlyRootFilesystem: true, "/tmp")
            .WithKubernetesProbe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(LighthouseResource.HttpEndpointName, "/eth/v1/node/health"))
            .WithKubernetesProbe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp(LighthouseResource.HttpEndpointName), periodSeconds: 30, failureThreshold: 5)
            .AllowKubernetesIngressFromAnywhere(LighthouseResource.P2pEndpointName)
            .AllowKubernetesIngressFromAnywhere(LighthouseResource.DiscoveryEndpointName)
            .AllowKubernetesIngressFromAnywhere(LighthouseResource.QuicEndpointName);
        Sizing(geth.Resource.Network).ApplyTo(
            lighthouse, LighthouseResource.DataDirectory, KubernetesProbeCheck.Http(LighthouseResource.HttpEndpointName, "/eth/v1/node/version"));
        geth.AllowKubernetesIngress(GethResource.AuthRpcEndpointName, lighthouse);
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
