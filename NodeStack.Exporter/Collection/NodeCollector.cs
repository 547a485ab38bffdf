using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodeStack.Exporter.Options;
using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// Runs one collection: a single JSON-RPC batch of the cheap calls, plus, only when the chain tip moved, a second
/// batch of the per-block calls. Every fault becomes state in the next <see cref="NodeSnapshot"/>; nothing throws.
/// </summary>
public sealed partial class NodeCollector(BitcoinRpcClient client, ExporterOptions options, TimeProvider time, ILogger<NodeCollector> logger)
{
    private static readonly BitcoinRpcJsonContext Json = BitcoinRpcJsonContext.Default;
    private NodeSnapshot _current = NodeSnapshot.Initial;

    public NodeSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Collects from the node, giving up on it once <paramref name="deadline"/> has passed.</summary>
    public async Task<NodeSnapshot> CollectAsync(TimeSpan deadline)
    {
        using var activity = ExporterTelemetry.Source.StartActivity("collect");
        using var timeout = new CancellationTokenSource(deadline, time);
        var previous = Current;
        var builder = new SnapshotBuilder(previous, time.GetUtcNow(), deadline);
        var started = time.GetTimestamp();
        try
        {
            await SendAsync(builder, RpcBatches.Collection, PlanEveryCollection(builder), timeout.Token);
            NoticeNodeChanges(builder);
            await SendAsync(builder, RpcBatches.PerBlock, PlanPerBlock(builder), timeout.Token);
        }
        catch (RpcFaultException fault)
        {
            builder.Fail(fault);
            if (fault.Kind is RpcFaultKind.Connection or RpcFaultKind.Warmup)
            {
                // The node may be restarting, perhaps as a newer version: retry the methods it lacked.
                builder.ForgetUnsupportedMethods();
            }
        }
        catch (Exception ex)
        {
            // A bug must cost one collection, never the process.
            LogUnexpectedFailure(ex);
            builder.Fail(new RpcFaultException(RpcFaultKind.InvalidResponse, "unexpected collection failure: " + ex.Message, ex));
        }

        var snapshot = builder.Build(time.GetElapsedTime(started).TotalSeconds);
        activity?.SetTag("bitcoin.up", snapshot.Up);
        if (!snapshot.Up)
        {
            activity?.SetStatus(ActivityStatusCode.Error, snapshot.LastFault);
        }

        LogTransition(previous, snapshot);
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    private List<PlannedCall> PlanEveryCollection(SnapshotBuilder builder)
    {
        List<PlannedCall> calls =
        [
            PlannedCall.Typed(new(RpcMethods.GetBlockchainInfo), Json.BlockchainInfo),
            PlannedCall.Typed(new(RpcMethods.GetNetworkInfo), Json.NetworkInfo),
            PlannedCall.Typed(new(RpcMethods.GetMempoolInfo), Json.MempoolInfo),
            PlannedCall.Typed(new(RpcMethods.GetMemoryInfo, "stats"), Json.MemoryInfo),
            PlannedCall.Typed(new(RpcMethods.GetNetTotals), Json.NetTotals),
            PlannedCall.Number(new(RpcMethods.Uptime)),
            PlannedCall.Typed(new(RpcMethods.GetRpcInfo), Json.RpcInfo),
            PlannedCall.Typed(new(RpcMethods.ListBanned), Json.ListBannedPeer),
            PlannedCall.Typed(new(RpcMethods.GetIndexInfo), Json.DictionaryStringIndexStatus),
            .. options.SmartFeeBlocks.Select(target => PlannedCall.TableEntry(
                new(RpcMethods.EstimateSmartFee, target), target,
                result => result.Deserialize(Json.SmartFeeEstimate)?.FeeRate)),
        ];
        return calls.FindAll(call => builder.IsSupported(call.Method));
    }

    private List<PlannedCall> PlanPerBlock(SnapshotBuilder builder)
    {
        var calls = new List<PlannedCall>();
        if (!builder.FetchedNow(RpcMethods.GetBlockchainInfo)
            || builder.State(RpcMethods.GetBlockchainInfo).Value is not BlockchainInfo { BestBlockHash: { } tip, Blocks: { } height } info)
        {
            return calls;
        }

        AddIfStale(builder, calls, tip, PlannedCall.Typed(new(RpcMethods.GetBlockStats, tip, BlockStats.Requested), Json.BlockStats, tip));
        AddIfStale(builder, calls, tip, PlannedCall.Typed(new(RpcMethods.GetChainTxStats, null, tip), Json.ChainTxStats, tip));
        AddIfStale(builder, calls, tip, [.. options.HashpsBlocks.Select(blocks => PlannedCall.TableEntry(
            new(RpcMethods.GetNetworkHashPs, blocks, (long)height), blocks, result => result.GetDouble(), tip))]);
        // A competing branch can add a tip without moving ours, but only along with new headers.
        var tipsKey = $"{tip}/{info.Headers}";
        AddIfStale(builder, calls, tipsKey, PlannedCall.Count(new(RpcMethods.GetChainTips), tipsKey));
        return calls;
    }

    private static void AddIfStale(SnapshotBuilder builder, List<PlannedCall> calls, string key, params PlannedCall[] planned)
    {
        if (planned.Length == 0 || !builder.IsSupported(planned[0].Method))
        {
            return;
        }

        var state = builder.State(planned[0].Method);
        if (state.Key == key && state.Value is not null)
        {
            builder.Confirmed(planned[0].Method);
            return;
        }

        calls.AddRange(planned);
    }

    private async Task SendAsync(SnapshotBuilder builder, string batchName, List<PlannedCall> planned, CancellationToken deadline)
    {
        if (planned.Count == 0)
        {
            return;
        }

        var batch = new RpcBatch();
        foreach (var call in planned)
        {
            batch.Add(call.Call);
            builder.CountCall(call.Method);
        }

        var started = time.GetTimestamp();
        RpcBatchResponse response;
        try
        {
            response = await client.SendAsync(batch, builder.CountRequest, deadline);
        }
        catch (RpcFaultException)
        {
            RequestFailed(builder, batchName, planned, time.GetElapsedTime(started).TotalSeconds);
            throw;
        }

        using (response)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            if (WarmupFault(response) is { } warmup)
            {
                RequestFailed(builder, batchName, planned, seconds);
                throw warmup;
            }

            builder.RequestEnded(batchName, seconds);
            for (var i = 0; i < planned.Count; i++)
            {
                Apply(builder, planned[i], response.Results[i], seconds);
            }
        }
    }

    private static void RequestFailed(SnapshotBuilder builder, string batchName, List<PlannedCall> planned, double seconds)
    {
        builder.RequestEnded(batchName, seconds);
        builder.RequestFailed(planned.Select(call => call.Method), seconds);
    }

    /// <summary>Error -28 on any call means the node is starting: the whole collection fails, as for an unreachable node.</summary>
    private static RpcFaultException? WarmupFault(RpcBatchResponse response) =>
        response.Results.FirstOrDefault(result => result.Error is { Code: RpcError.InWarmup }).Error is { } warmup
            ? new RpcFaultException(RpcFaultKind.Warmup, $"the node is still starting ({warmup.Message})")
            : null;

    private void Apply(SnapshotBuilder builder, PlannedCall call, RpcCallResult result, double seconds)
    {
        if (result.Error is { } error)
        {
            LogCallFailed(call.Method, error.Code, error.Message);
            var type = error switch
            {
                // An answer without this call's entry is a broken answer, not the node's verdict on the call.
                _ when ReferenceEquals(error, RpcError.NoAnswer) => ExporterCounts.InvalidResponseType,
                { Code: RpcError.MethodNotFound } => ExporterCounts.MethodNotFoundType,
                _ => ExporterCounts.RpcErrorType,
            };
            builder.CallFailed(call.Method, type, seconds);
            return;
        }

        try
        {
            var state = builder.State(call.Method);
            builder.Stored(call.Method, call.Read(result.Result, state.Key == call.Key ? state.Value : null), call.Key, seconds);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            LogCallFailed(call.Method, 0, "unexpected result shape: " + ex.Message);
            builder.CallFailed(call.Method, ExporterCounts.InvalidResponseType, seconds);
        }
    }

    private static void NoticeNodeChanges(SnapshotBuilder builder)
    {
        var previous = builder.Previous;
        var uptimeWentBack = builder.FetchedNow(RpcMethods.Uptime)
            && builder.State(RpcMethods.Uptime).Value is double uptime && previous.Number(RpcMethods.Uptime) is { } before && uptime < before;
        var network = builder.FetchedNow(RpcMethods.GetNetworkInfo) ? builder.State(RpcMethods.GetNetworkInfo).Value as NetworkInfo : null;
        var versionChanged = network?.Subversion is { } subversion
            && previous.Value<NetworkInfo>(RpcMethods.GetNetworkInfo)?.Subversion is { } earlier && earlier != subversion;
        if (uptimeWentBack || versionChanged)
        {
            builder.ForgetUnsupportedMethods();
        }

        // bitcoin_warnings_total keeps the Python exporter's meaning: collections that saw node warnings.
        if (network?.WarningCount > 0)
        {
            builder.CountWarnings();
        }
    }

    private void LogTransition(NodeSnapshot previous, NodeSnapshot current)
    {
        if (!current.Up && (previous.Up || !previous.Collected))
        {
            LogNodeDown(current.LastFault);
        }
        else if (!current.Up)
        {
            LogStillDown(current.LastFault);
        }
        else if (!previous.Up && previous.Collected)
        {
            LogRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collecting from the node failed: {Fault}. Serving the last good values.")]
    private partial void LogNodeDown(string? fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Collecting from the node failed again: {Fault}")]
    private partial void LogStillDown(string? fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "The node answers again; collections succeed.")]
    private partial void LogRecovered();

    [LoggerMessage(Level = LogLevel.Debug, Message = "RPC {Method} failed with code {Code}: {Message}")]
    private partial void LogCallFailed(string method, int code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure during a collection")]
    private partial void LogUnexpectedFailure(Exception exception);
}
