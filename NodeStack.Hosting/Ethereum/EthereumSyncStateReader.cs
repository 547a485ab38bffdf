using System.Globalization;
using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Reads an Ethereum execution client's sync state from its JSON-RPC (<c>eth_chainId</c>, <c>eth_blockNumber</c>,
/// <c>eth_syncing</c>, <c>net_peerCount</c>). Works against geth, anvil and ganache.
/// </summary>
/// <param name="rpc">A JSON-RPC 2.0 client for the node's HTTP endpoint.</param>
public sealed class EthereumSyncStateReader(JsonRpcClient rpc) : INodeSyncStateReader
{
    /// <inheritdoc />
    public async Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var chainId = EthereumQuantity.Parse(await rpc.CallAsync("eth_chainId", cancellationToken).ConfigureAwait(false));
            var height = EthereumQuantity.Parse(await rpc.CallAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false));
            var syncing = await rpc.CallAsync("eth_syncing", cancellationToken).ConfigureAwait(false);
            var peers = await ReadPeersAsync(cancellationToken).ConfigureAwait(false);
            return Interpret(chainId, height, syncing, peers);
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, cancellationToken))
        {
            return NodeSyncState.Unreachable(e.Message);
        }
    }

    private async Task<int?> ReadPeersAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (int)EthereumQuantity.Parse(await rpc.CallAsync("net_peerCount", cancellationToken).ConfigureAwait(false));
        }
        catch (JsonRpcException)
        {
            // Dev chains (anvil) may not serve the net namespace; peers are then simply unknown.
            return null;
        }
    }

    private static NodeSyncState Interpret(long chainId, long height, JsonElement syncing, int? peers)
    {
        var chain = EthereumNetworks.ChainName(chainId);
        if (syncing.ValueKind == JsonValueKind.Object)
        {
            // geth's eth_syncing object: startingBlock, currentBlock, highestBlock and snap-sync counters.
            var current = EthereumQuantity.Parse(syncing.GetProperty("currentBlock"));
            var highest = EthereumQuantity.Parse(syncing.GetProperty("highestBlock"));
            var starting = syncing.TryGetProperty("startingBlock", out var s) ? EthereumQuantity.Parse(s) : 0;
            var progress = highest > 0 ? Math.Min(100.0, 100.0 * current / highest) : 0;
            return new NodeSyncState(NodeSyncStatus.Syncing, chain, current, highest, progress, peers,
                Extra: [new("startingBlock", Format(starting)), new("currentBlock", Format(current)), new("highestBlock", Format(highest))]);
        }

        // Post-Merge geth on a public chain reports "not syncing" at block 0 until a consensus client drives it.
        if (height == 0 && EthereumNetworks.IsPublicChain(chainId))
        {
            return new NodeSyncState(NodeSyncStatus.WaitingForConsensusClient, chain, height, null, 0, peers,
                Detail: "geth has no head yet: it follows the chain only once its consensus client (Lighthouse) sends one");
        }

        return new NodeSyncState(NodeSyncStatus.Synced, chain, height, height, 100, peers, Extra: [new("eth_syncing", "false")]);
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
