using System.Globalization;
using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Reads an Ethereum execution client's sync state from its JSON-RPC (<c>eth_chainId</c>, <c>eth_blockNumber</c>,
/// <c>eth_syncing</c>, <c>net_peerCount</c>, and on public chains the head block's timestamp). Works against geth,
/// anvil and ganache.
/// </summary>
/// <param name="rpc">A JSON-RPC 2.0 client for the node's HTTP endpoint.</param>
/// <param name="clock">The clock the head block's age is measured with; the system clock by default.</param>
internal sealed class EthereumSyncStateReader(JsonRpcClient rpc, TimeProvider? clock = null) : INodeSyncStateReader
{
    /// <summary>
    /// How old the head block of a public chain may be while geth still counts as synced: ten 12-second slots. After
    /// the Merge geth only moves when its consensus client hands it new heads, so an older head means the consensus
    /// client stopped driving it (down, or syncing itself), while geth still answers <c>eth_syncing=false</c>.
    /// </summary>
    public static readonly TimeSpan StaleHeadAge = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var chainId = EthereumQuantity.Parse(await rpc.CallAsync("eth_chainId", cancellationToken).ConfigureAwait(false), "eth_chainId");
            var height = EthereumQuantity.Parse(await rpc.CallAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false), "eth_blockNumber");
            var syncing = new NodeReply(await rpc.CallAsync("eth_syncing", cancellationToken).ConfigureAwait(false), "eth_syncing");
            var peers = await ReadPeersAsync(cancellationToken).ConfigureAwait(false);
            var chain = EthereumNetworks.ChainName(chainId);
            if (syncing.Value.ValueKind == JsonValueKind.Object)
            {
                return Syncing(chain, syncing, peers);
            }

            if (!EthereumNetworks.IsPublicChain(chainId))
            {
                // A dev chain has nobody to follow: its best block is the tip, however old (geth --dev.period=0 waits for transactions).
                return Synced(chain, height, peers);
            }

            return height == 0
                ? new NodeSyncState(NodeSyncStatus.WaitingForConsensusClient, chain, height, null, 0, peers,
                    Detail: "geth has no head yet: it follows the chain only once its consensus client (Lighthouse) sends one")
                : await CheckHeadAgeAsync(chain, height, peers, cancellationToken).ConfigureAwait(false);
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
            return (int)EthereumQuantity.Parse(await rpc.CallAsync("net_peerCount", cancellationToken).ConfigureAwait(false), "net_peerCount");
        }
        catch (JsonRpcException)
        {
            // Dev chains (anvil) may not serve the net namespace; peers are then simply unknown.
            return null;
        }
    }

    // geth reports eth_syncing=false whenever it is not downloading, including when its consensus client has
    // stopped sending heads: only the head block's age tells a live node from a stalled one.
    private async Task<NodeSyncState> CheckHeadAgeAsync(string chain, long height, int? peers, CancellationToken cancellationToken)
    {
        var block = new NodeReply(await rpc.CallAsync("eth_getBlockByNumber", ["latest", false], cancellationToken).ConfigureAwait(false), "eth_getBlockByNumber");
        var headTime = DateTimeOffset.FromUnixTimeSeconds(EthereumQuantity.Parse(block["timestamp"]));
        var age = _clock.GetUtcNow() - headTime;
        KeyValuePair<string, string> headTimeProperty = new("headBlockTime", headTime.ToString("u", CultureInfo.InvariantCulture));
        if (age <= StaleHeadAge)
        {
            return Synced(chain, height, peers) with { Extra = [new("eth_syncing", "false"), headTimeProperty] };
        }

        return new NodeSyncState(NodeSyncStatus.WaitingForConsensusClient, chain, height, null, null, peers,
            Detail: $"the head block is {FormatAge(age)} old: geth follows the chain only while its consensus client (Lighthouse) sends it new heads",
            Extra: [new("eth_syncing", "false"), headTimeProperty]);
    }

    private static NodeSyncState Syncing(string chain, NodeReply syncing, int? peers)
    {
        // geth's eth_syncing object: startingBlock, currentBlock, highestBlock and snap-sync counters.
        var current = EthereumQuantity.Parse(syncing["currentBlock"]);
        var highest = EthereumQuantity.Parse(syncing["highestBlock"]);
        var starting = syncing.Optional("startingBlock") is { } s ? EthereumQuantity.Parse(s) : 0;
        var progress = highest > 0 ? Math.Min(100.0, 100.0 * current / highest) : 0;
        return new NodeSyncState(NodeSyncStatus.Syncing, chain, current, highest, progress, peers,
            Extra: [new("startingBlock", Format(starting)), new("currentBlock", Format(current)), new("highestBlock", Format(highest))]);
    }

    private static NodeSyncState Synced(string chain, long height, int? peers) =>
        new(NodeSyncStatus.Synced, chain, height, height, 100, peers, Extra: [new("eth_syncing", "false")]);

    private static string FormatAge(TimeSpan age) => age switch
    {
        { TotalHours: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min"),
        { TotalDays: < 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days"),
    };

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
