using Aspire.Hosting;
using System.Globalization;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// How Bitcoin Core is published to Kubernetes: a StatefulSet in <c>btc-nodes</c> keeping its data directory on a retained
/// claim sized for the network, pruning and index, as the non-root node user with a read-only root
/// filesystem. The image's entrypoint changes ownership and drops privileges, which needs root, so bitcoind is started
/// directly. RPC is on the k3d host's 127.0.0.1 at the network's RPC port. Readiness asks bitcoind itself with
/// <c>bitcoin-cli getblockchaininfo</c> (authenticated by bitcoind's cookie file, so no credentials are involved), which
/// fails while it loads and verifies its block index; liveness only checks the RPC port, so a busy node is never restarted.
/// </summary>
internal static class BitcoinCoreKubernetes
{
    /// <summary>The namespace of the Bitcoin node and its exporter.</summary>
    public const string Namespace = "btc-nodes";

    /// <summary>
    /// The user and group bitcoind runs as: the same <see cref="ContainerUserBuilderExtensions.NodeUser"/> as locally, where
    /// the image's entrypoint switches to it; here the pod's fsGroup makes the claim writable for it.
    /// </summary>
    public const long UserId = ContainerUserBuilderExtensions.NodeUser;

    public static void Shape(KubernetesPod pod, BitcoinCoreResource bitcoin)
    {
        var network = bitcoin.Network;
        pod.Namespace = Namespace;
        pod.Component = "bitcoin-node";
        pod.Command = ["bitcoind", $"-datadir={BitcoinCoreContainerImageTags.DataDirectory}"];
        pod.User = (UserId, UserId);
        pod.WritablePaths.Add("/tmp");
        pod.Probe(KubernetesProbeType.Readiness, BlockchainInfo(network))
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp(BitcoinCoreResource.RpcEndpointName), periodSeconds: 30, failureThreshold: 5)
            .ExposeOnHost(BitcoinCoreResource.RpcEndpointName, network.RpcPort());
        // Sized when published, so the claim follows pruning and the transaction index however late they were set.
        Sizing(network, bitcoin.PruneMegabytes).ApplyTo(pod, BitcoinCoreContainerImageTags.DataDirectory, BlockchainInfo(network));
        if (network.IsPublic())
        {
            pod.OpenToAnySource.Add(BitcoinCoreResource.P2pEndpointName);
        }
    }

    /// <summary>
    /// Per network: the block files (all of them, or the prune target plus the chain state and headroom), the memory of
    /// the database cache (<see cref="BitcoinDbCache"/>) and mempool, an hour for a public node to verify its block index on start, and
    /// ten minutes to flush its UTXO cache on SIGTERM (killed sooner, it replays blocks on the next start).
    /// </summary>
    public static KubernetesNodeSizing Sizing(BitcoinNetwork network, int? pruneMegabytes = null)
    {
        var (fullGi, chainStateGi) = network switch
        {
            BitcoinNetwork.Regtest => (5, 1),
            BitcoinNetwork.Signet or BitcoinNetwork.Testnet4 => (50, 5),
            BitcoinNetwork.Main => (1024, 20),
            _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
        };
        var storageGi = pruneMegabytes is { } prune ? Math.Min(fullGi, (prune + 1023) / 1024 + chainStateGi + 5) : fullGi;
        var storage = storageGi % 1024 == 0 ? $"{storageGi / 1024}Ti" : string.Create(CultureInfo.InvariantCulture, $"{storageGi}Gi");
        return network switch
        {
            BitcoinNetwork.Regtest => new(storage, "100m", "256Mi", "1", "1Gi", TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2)),
            BitcoinNetwork.Main => new(storage, "1", "2Gi", "4", "4Gi", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)),
            _ => new(storage, "500m", "1Gi", "2", "2Gi", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)),
        };
    }

    private static KubernetesProbeCheck BlockchainInfo(BitcoinNetwork network) => KubernetesProbeCheck.Exec(
        "bitcoin-cli", $"-datadir={BitcoinCoreContainerImageTags.DataDirectory}", $"-chain={network.ChainName()}", "-rpcclienttimeout=5", "getblockchaininfo");
}
