using System.Globalization;
using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// Reads a Bitcoin node's sync state from <c>getblockchaininfo</c> and <c>getnetworkinfo</c>, in Bitcoin Core's
/// documented result format (bcoin serves the same fields).
/// </summary>
/// <param name="rpc">A JSON-RPC 1.0 client with the node's credentials.</param>
internal sealed class BitcoinSyncStateReader(JsonRpcClient rpc) : INodeSyncStateReader
{
    /// <summary>Bitcoin Core's RPC_IN_WARMUP: the node is loading its block index or verifying blocks.</summary>
    public const int WarmingUpErrorCode = -28;

    /// <inheritdoc />
    public async Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var chainInfo = await rpc.CallAsync("getblockchaininfo", cancellationToken).ConfigureAwait(false);
            var networkInfo = await rpc.CallAsync("getnetworkinfo", cancellationToken).ConfigureAwait(false);
            return Interpret(chainInfo, networkInfo);
        }
        catch (JsonRpcException e) when (e.Code == WarmingUpErrorCode)
        {
            return new NodeSyncState(NodeSyncStatus.WarmingUp, Detail: e.RpcMessage);
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, cancellationToken))
        {
            return NodeSyncState.Unreachable(e.Message);
        }
    }

    private static NodeSyncState Interpret(JsonElement chainInfoResult, JsonElement networkInfoResult)
    {
        var chainInfo = new NodeReply(chainInfoResult, "getblockchaininfo");
        var chain = chainInfo["chain"].GetString();
        var blocks = chainInfo["blocks"].GetInt64();
        var headers = chainInfo["headers"].GetInt64();
        var verification = chainInfo.Optional("verificationprogress")?.GetDouble();
        var ibd = chainInfo.Optional("initialblockdownload")?.GetBoolean();
        int? peers = new NodeReply(networkInfoResult, "getnetworkinfo").Optional("connections") is { } c ? (int)c.GetInt64() : null;

        // On regtest there is nobody to sync from, and initialblockdownload stays true until a block is mined,
        // so a regtest node at its best header is synced.
        var atTip = blocks >= headers && (ibd != true || chain == "regtest");
        var progress = atTip ? 100.0 : Math.Min(99.9, 100.0 * (verification ?? (headers > 0 ? (double)blocks / headers : 0)));
        var extra = new List<KeyValuePair<string, string>>();
        if (ibd is { } inIbd)
        {
            extra.Add(new("initialblockdownload", inIbd ? "true" : "false"));
        }

        if (verification is { } vp)
        {
            extra.Add(new("verificationprogress", vp.ToString("0.######", CultureInfo.InvariantCulture)));
        }

        return new NodeSyncState(atTip ? NodeSyncStatus.Synced : NodeSyncStatus.Syncing, chain, blocks, headers, progress, peers,
            Extra: extra);
    }
}
