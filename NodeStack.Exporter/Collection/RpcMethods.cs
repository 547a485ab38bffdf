namespace NodeStack.Exporter.Collection;

/// <summary>The node RPC methods the exporter calls, and which of them run only when the chain tip moves.</summary>
public static class RpcMethods
{
    public const string GetBlockchainInfo = "getblockchaininfo";
    public const string GetNetworkInfo = "getnetworkinfo";
    public const string GetMempoolInfo = "getmempoolinfo";
    public const string GetMemoryInfo = "getmemoryinfo";
    public const string GetNetTotals = "getnettotals";
    public const string Uptime = "uptime";
    public const string GetRpcInfo = "getrpcinfo";
    public const string ListBanned = "listbanned";
    public const string GetIndexInfo = "getindexinfo";
    public const string EstimateSmartFee = "estimatesmartfee";
    public const string GetBlockStats = "getblockstats";
    public const string GetChainTxStats = "getchaintxstats";
    public const string GetNetworkHashPs = "getnetworkhashps";
    public const string GetChainTips = "getchaintips";

    /// <summary>Cheap calls, made by every collection in one batch.</summary>
    public static IReadOnlyList<string> EveryCollection { get; } =
    [
        GetBlockchainInfo, GetNetworkInfo, GetMempoolInfo, GetMemoryInfo, GetNetTotals, Uptime, GetRpcInfo, ListBanned,
        GetIndexInfo, EstimateSmartFee,
    ];

    /// <summary>
    /// Calls whose answer depends only on the chain tip (getchaintips also on the headers it knows, and it walks the whole
    /// block index, so it is costly too). They are made once per new best block and served from cache in between.
    /// </summary>
    public static IReadOnlyList<string> PerBlock { get; } = [GetBlockStats, GetChainTxStats, GetNetworkHashPs, GetChainTips];

    public static IReadOnlyList<string> All { get; } = [.. EveryCollection, .. PerBlock];
}

/// <summary>The JSON-RPC batches of a collection, as the <c>batch</c> label names them.</summary>
public static class RpcBatches
{
    /// <summary>The cheap calls every collection makes.</summary>
    public const string Collection = "collection";

    /// <summary>The calls made only when the best block (or the header count) changed.</summary>
    public const string PerBlock = "per_block";

    public static IReadOnlyList<string> All { get; } = [Collection, PerBlock];
}
