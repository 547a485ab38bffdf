using System.Text.Json;
using System.Text.Json.Serialization;

namespace NodeStack.Exporter.Rpc;

// The fields of Bitcoin Core 29's RPC results that the exporter reads (see each RPC's help). Every field is optional:
// a field a node does not send (older Core, bcoin) stays null and its metric is omitted, never invented.

/// <summary>getblockchaininfo.</summary>
public sealed class BlockchainInfo
{
    [JsonPropertyName("chain")] public string? Chain { get; init; }
    [JsonPropertyName("blocks")] public double? Blocks { get; init; }
    [JsonPropertyName("headers")] public double? Headers { get; init; }
    [JsonPropertyName("bestblockhash")] public string? BestBlockHash { get; init; }
    [JsonPropertyName("difficulty")] public double? Difficulty { get; init; }
    [JsonPropertyName("verificationprogress")] public double? VerificationProgress { get; init; }
    [JsonPropertyName("initialblockdownload")] public bool? InitialBlockDownload { get; init; }
    [JsonPropertyName("size_on_disk")] public double? SizeOnDisk { get; init; }
}

/// <summary>getnetworkinfo. version is a number in Core and a string in bcoin; warnings a list since Core 28, a string before.</summary>
public sealed class NetworkInfo
{
    [JsonPropertyName("version")] public JsonElement Version { get; init; }
    [JsonPropertyName("subversion")] public string? Subversion { get; init; }
    [JsonPropertyName("protocolversion")] public double? ProtocolVersion { get; init; }
    [JsonPropertyName("connections")] public double? Connections { get; init; }
    [JsonPropertyName("connections_in")] public double? ConnectionsIn { get; init; }
    [JsonPropertyName("connections_out")] public double? ConnectionsOut { get; init; }
    [JsonPropertyName("warnings")] public JsonElement Warnings { get; init; }

    public double? NumericVersion => Version.ValueKind == JsonValueKind.Number ? Version.GetDouble() : null;

    public int WarningCount => Warnings.ValueKind switch
    {
        JsonValueKind.Array => Warnings.GetArrayLength(),
        JsonValueKind.String => string.IsNullOrEmpty(Warnings.GetString()) ? 0 : 1,
        _ => 0,
    };
}

/// <summary>getmempoolinfo.</summary>
public sealed class MempoolInfo
{
    [JsonPropertyName("size")] public double? Size { get; init; }
    [JsonPropertyName("bytes")] public double? Bytes { get; init; }
    [JsonPropertyName("usage")] public double? Usage { get; init; }
    [JsonPropertyName("total_fee")] public double? TotalFee { get; init; }
    [JsonPropertyName("maxmempool")] public double? MaxMempool { get; init; }
    [JsonPropertyName("mempoolminfee")] public double? MempoolMinFee { get; init; }
    [JsonPropertyName("unbroadcastcount")] public double? UnbroadcastCount { get; init; }
}

/// <summary>getmemoryinfo "stats".</summary>
public sealed class MemoryInfo
{
    [JsonPropertyName("locked")] public LockedMemory? Locked { get; init; }
}

/// <summary>getmemoryinfo's locked pool statistics.</summary>
public sealed class LockedMemory
{
    [JsonPropertyName("used")] public double? Used { get; init; }
    [JsonPropertyName("free")] public double? Free { get; init; }
    [JsonPropertyName("total")] public double? Total { get; init; }
    [JsonPropertyName("locked")] public double? Locked { get; init; }
    [JsonPropertyName("chunks_used")] public double? ChunksUsed { get; init; }
    [JsonPropertyName("chunks_free")] public double? ChunksFree { get; init; }
}

/// <summary>getnettotals.</summary>
public sealed class NetTotals
{
    [JsonPropertyName("totalbytesrecv")] public double? TotalBytesReceived { get; init; }
    [JsonPropertyName("totalbytessent")] public double? TotalBytesSent { get; init; }
}

/// <summary>getrpcinfo.</summary>
public sealed class RpcInfo
{
    [JsonPropertyName("active_commands")] public List<JsonElement>? ActiveCommands { get; init; }
}

/// <summary>One entry of listbanned. Core dropped ban_reason in 0.20; the Python exporter then labels "manually added".</summary>
public sealed class BannedPeer
{
    [JsonPropertyName("address")] public string? Address { get; init; }
    [JsonPropertyName("ban_created")] public double? BanCreated { get; init; }
    [JsonPropertyName("banned_until")] public double? BannedUntil { get; init; }
    [JsonPropertyName("ban_reason")] public string? BanReason { get; init; }
}

/// <summary>One index of getindexinfo.</summary>
public sealed class IndexStatus
{
    [JsonPropertyName("synced")] public bool? Synced { get; init; }
    [JsonPropertyName("best_block_height")] public double? BestBlockHeight { get; init; }
}

/// <summary>estimatesmartfee: feerate is absent when the node has too little data.</summary>
public sealed class SmartFeeEstimate
{
    [JsonPropertyName("feerate")] public double? FeeRate { get; init; }
}

/// <summary>getblockstats, asked for only the stats the exporter uses. Amounts are in satoshis.</summary>
public sealed class BlockStats
{
    public static readonly string[] Requested = ["height", "ins", "outs", "total_out", "total_size", "total_weight", "totalfee", "txs"];

    [JsonPropertyName("height")] public double? Height { get; init; }
    [JsonPropertyName("ins")] public double? Inputs { get; init; }
    [JsonPropertyName("outs")] public double? Outputs { get; init; }
    [JsonPropertyName("total_out")] public double? TotalOutSatoshis { get; init; }
    [JsonPropertyName("total_size")] public double? TotalSize { get; init; }
    [JsonPropertyName("total_weight")] public double? TotalWeight { get; init; }
    [JsonPropertyName("totalfee")] public double? TotalFeeSatoshis { get; init; }
    [JsonPropertyName("txs")] public double? Transactions { get; init; }
}

/// <summary>getchaintxstats: txcount may be absent (assumeutxo).</summary>
public sealed class ChainTxStats
{
    [JsonPropertyName("txcount")] public double? TxCount { get; init; }
}

/// <summary>Source-generated (reflection-free, AOT-safe) JSON metadata for the RPC results.</summary>
[JsonSerializable(typeof(BlockchainInfo))]
[JsonSerializable(typeof(NetworkInfo))]
[JsonSerializable(typeof(MempoolInfo))]
[JsonSerializable(typeof(MemoryInfo))]
[JsonSerializable(typeof(NetTotals))]
[JsonSerializable(typeof(RpcInfo))]
[JsonSerializable(typeof(List<BannedPeer>))]
[JsonSerializable(typeof(Dictionary<string, IndexStatus>))]
[JsonSerializable(typeof(SmartFeeEstimate))]
[JsonSerializable(typeof(BlockStats))]
[JsonSerializable(typeof(ChainTxStats))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(double))]
public sealed partial class BitcoinRpcJsonContext : JsonSerializerContext;
