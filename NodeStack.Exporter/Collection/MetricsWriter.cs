using System.Buffers;
using System.Globalization;
using NodeStack.Exporter.Options;
using NodeStack.Exporter.ProcessMetrics;
using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// Renders a <see cref="NodeSnapshot"/> as Prometheus text, const-metric style: every scrape writes what the snapshot
/// holds, nothing is registered. Names, types and help texts of the Python exporter's families are kept as they were
/// (drop-in for existing dashboards); the families it lacked follow Prometheus naming conventions. METRICS.md lists them.
/// The standard process families come first, whatever state the node is in.
/// </summary>
public sealed class MetricsWriter(ExporterOptions options, ProcessStatisticsReader process)
{
    private const double SatoshisPerBitcoin = 100_000_000;

    public void Write(IBufferWriter<byte> output, NodeSnapshot snapshot, DateTimeOffset now)
    {
        var writer = new PrometheusTextWriter(output);
        WriteProcess(writer, process.Read());
        WriteExporterHealth(writer, snapshot, now);
        WriteChain(writer, snapshot);
        WriteNetwork(writer, snapshot);
        WriteMempoolAndMemory(writer, snapshot);
        WriteLatestBlock(writer, snapshot);
        WriteFeeAndHashRate(writer, snapshot);
        WriteIndexes(writer, snapshot);
        WriteRpcMethods(writer, snapshot, now);
    }

    /// <summary>The names, types and help texts of client_golang's process collector (prometheus_client's are the same).</summary>
    private static void WriteProcess(PrometheusTextWriter writer, ProcessStatistics statistics)
    {
        if (statistics.CpuSeconds is { } cpu)
        {
            writer.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", cpu);
        }

        writer.Gauge("process_open_fds", "Number of open file descriptors.", statistics.OpenFileDescriptors);
        writer.Gauge("process_max_fds", "Maximum number of open file descriptors.", statistics.MaxFileDescriptors);
        writer.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", statistics.VirtualMemoryBytes);
        writer.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", statistics.ResidentMemoryBytes);
        writer.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", statistics.StartTimeSeconds);
    }

    private static void WriteExporterHealth(PrometheusTextWriter writer, NodeSnapshot snapshot, DateTimeOffset now)
    {
        var counts = snapshot.Counts;
        writer.Gauge("bitcoin_up", "1 if the last collection reached the node and got answers, 0 if it failed (timeout, auth, HTTP error, garbage, warmup)", snapshot.Up ? 1 : 0);
        writer.Gauge("bitcoin_exporter_last_success_timestamp_seconds", "Unix time of the last successful collection", snapshot.LastSuccess?.ToUnixTimeMilliseconds() / 1000.0);
        writer.Gauge("bitcoin_exporter_collection_duration_seconds", "Duration of the last collection", snapshot.LastCollection?.DurationSeconds);
        writer.Gauge("bitcoin_exporter_collection_deadline_seconds",
            "Time the last collection was allowed: TIMEOUT, or the scrape's timeout minus 0.5 s when that is shorter",
            snapshot.LastCollection?.DeadlineSeconds);
        writer.Counter("bitcoin_exporter_collections_total", "Collections run against the node (scrapes within the minimum interval, or joining a running collection, share one)", counts.Collections);
        writer.Counter("bitcoin_exporter_rpc_requests_total", "HTTP requests sent to the node (each carries a JSON-RPC batch)", counts.RpcRequests);
        writer.Counter("bitcoin_exporter_process_time_total", "Time spent processing metrics from bitcoin node", counts.ProcessSeconds);
        writer.Family("bitcoin_exporter_errors_total", "counter", "Number of errors encountered by the exporter");
        foreach (var type in ExporterCounts.ErrorTypes)
        {
            writer.Sample("bitcoin_exporter_errors_total", "type", type, counts.ErrorsByType.GetValueOrDefault(type));
        }
    }

    private static void WriteChain(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        var chain = snapshot.Value<BlockchainInfo>(RpcMethods.GetBlockchainInfo);
        writer.Gauge("bitcoin_blocks", "Block height", chain?.Blocks);
        writer.Gauge("bitcoin_headers", "Height of the best validated header chain", chain?.Headers);
        writer.Gauge("bitcoin_blocks_behind_headers", "Headers known but blocks not yet validated (headers - blocks)", chain?.Headers - chain?.Blocks);
        writer.Gauge("bitcoin_initial_block_download", "1 while the node is in initial block download", chain?.InitialBlockDownload is { } ibd ? (ibd ? 1 : 0) : null);
        writer.Gauge("bitcoin_difficulty", "Difficulty", chain?.Difficulty);
        writer.Gauge("bitcoin_size_on_disk", "Estimated size of the block and undo files", chain?.SizeOnDisk);
        writer.Gauge("bitcoin_verification_progress", "Estimate of verification progress [0..1]", chain?.VerificationProgress);
        writer.Gauge("bitcoin_num_chaintips", "Number of known blockchain branches", snapshot.Number(RpcMethods.GetChainTips));
        writer.Gauge("bitcoin_txcount", "Number of TX since the genesis block", snapshot.Value<ChainTxStats>(RpcMethods.GetChainTxStats)?.TxCount);
        writer.Gauge("bitcoin_uptime", "Number of seconds the Bitcoin daemon has been running", snapshot.Number(RpcMethods.Uptime));
        var rpcInfo = snapshot.Value<RpcInfo>(RpcMethods.GetRpcInfo);
        // As in the Python exporter, the getrpcinfo call itself is not counted.
        writer.Gauge("bitcoin_rpc_active", "Number of RPC calls being processed", rpcInfo?.ActiveCommands is { } active ? Math.Max(0, active.Count - 1) : null);
    }

    private static void WriteNetwork(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        var network = snapshot.Value<NetworkInfo>(RpcMethods.GetNetworkInfo);
        var chain = snapshot.Value<BlockchainInfo>(RpcMethods.GetBlockchainInfo);
        if (chain?.Chain is { } chainName)
        {
            writer.Family("bitcoin_node_info", "gauge", "Always 1: the node's chain and version string (subversion) as labels");
            writer.Sample("bitcoin_node_info", "chain", chainName, "subversion", network?.Subversion ?? "", 1);
        }

        writer.Gauge("bitcoin_peers", "Number of peers", network?.Connections);
        writer.Gauge("bitcoin_conn_in", "Number of connections in", network?.ConnectionsIn);
        writer.Gauge("bitcoin_conn_out", "Number of connections out", network?.ConnectionsOut);
        writer.Gauge("bitcoin_server_version", "The server version", network?.NumericVersion);
        writer.Gauge("bitcoin_protocol_version", "The protocol version of the server", network?.ProtocolVersion);
        writer.Gauge("bitcoin_active_warnings", "Number of network or blockchain warnings the node reports now", network is null ? null : network.WarningCount);
        writer.Counter("bitcoin_warnings_total", "Number of network or blockchain warnings detected", snapshot.Counts.Warnings);
        var totals = snapshot.Value<NetTotals>(RpcMethods.GetNetTotals);
        writer.Gauge("bitcoin_total_bytes_recv", "Total bytes received", totals?.TotalBytesReceived);
        writer.Gauge("bitcoin_total_bytes_sent", "Total bytes sent", totals?.TotalBytesSent);
        WriteBans(writer, snapshot.Value<List<BannedPeer>>(RpcMethods.ListBanned));
    }

    private static void WriteBans(PrometheusTextWriter writer, List<BannedPeer>? bans)
    {
        if (bans is null || bans.Count == 0)
        {
            return;
        }

        foreach (var (name, help, read) in new (string, string, Func<BannedPeer, double?>)[]
        {
            ("bitcoin_ban_created", "Time the ban was created", ban => ban.BanCreated),
            ("bitcoin_banned_until", "Time the ban expires", ban => ban.BannedUntil),
        })
        {
            writer.Family(name, "gauge", help);
            foreach (var ban in bans)
            {
                if (ban.Address is { } address && read(ban) is { } value)
                {
                    writer.Sample(name, "address", address, "reason", ban.BanReason ?? "manually added", value);
                }
            }
        }
    }

    private static void WriteMempoolAndMemory(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        var mempool = snapshot.Value<MempoolInfo>(RpcMethods.GetMempoolInfo);
        writer.Gauge("bitcoin_mempool_bytes", "Size of mempool in bytes", mempool?.Bytes);
        writer.Gauge("bitcoin_mempool_size", "Number of unconfirmed transactions in mempool", mempool?.Size);
        writer.Gauge("bitcoin_mempool_usage", "Total memory usage for the mempool", mempool?.Usage);
        writer.Gauge("bitcoin_mempool_minfee", "Minimum fee rate in BTC/kB for tx to be accepted in mempool", mempool?.MempoolMinFee);
        writer.Gauge("bitcoin_mempool_unbroadcast", "Number of transactions waiting for acknowledgment", mempool?.UnbroadcastCount);
        writer.Gauge("bitcoin_mempool_max_bytes", "Maximum memory usage for the mempool (maxmempool), in bytes", mempool?.MaxMempool);
        writer.Gauge("bitcoin_mempool_total_fee_btc", "Total fees of the transactions in the mempool, in BTC", mempool?.TotalFee);
        var locked = snapshot.Value<MemoryInfo>(RpcMethods.GetMemoryInfo)?.Locked;
        writer.Gauge("bitcoin_meminfo_used", "Number of bytes used", locked?.Used);
        writer.Gauge("bitcoin_meminfo_free", "Number of bytes available", locked?.Free);
        writer.Gauge("bitcoin_meminfo_total", "Number of bytes managed", locked?.Total);
        writer.Gauge("bitcoin_meminfo_locked", "Number of bytes locked", locked?.Locked);
        writer.Gauge("bitcoin_meminfo_chunks_used", "Number of allocated chunks", locked?.ChunksUsed);
        writer.Gauge("bitcoin_meminfo_chunks_free", "Number of unused chunks", locked?.ChunksFree);
    }

    private static void WriteLatestBlock(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        var block = snapshot.Value<BlockStats>(RpcMethods.GetBlockStats);
        writer.Gauge("bitcoin_latest_block_height", "Height or index of latest block", block?.Height);
        writer.Gauge("bitcoin_latest_block_weight", "Weight of latest block according to BIP 141", block?.TotalWeight);
        writer.Gauge("bitcoin_latest_block_size", "Size of latest block in bytes", block?.TotalSize);
        writer.Gauge("bitcoin_latest_block_txs", "Number of transactions in latest block", block?.Transactions);
        writer.Gauge("bitcoin_latest_block_inputs", "Number of inputs in transactions of latest block", block?.Inputs);
        writer.Gauge("bitcoin_latest_block_outputs", "Number of outputs in transactions of latest block", block?.Outputs);
        writer.Gauge("bitcoin_latest_block_value", "Bitcoin value of all transactions in the latest block", block?.TotalOutSatoshis / SatoshisPerBitcoin);
        writer.Gauge("bitcoin_latest_block_fee", "Total fee to process the latest block", block?.TotalFeeSatoshis / SatoshisPerBitcoin);
    }

    private void WriteFeeAndHashRate(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        var hashRates = snapshot.Value<IReadOnlyDictionary<int, double>>(RpcMethods.GetNetworkHashPs);
        foreach (var blocks in options.HashpsBlocks)
        {
            writer.Gauge(HashpsName(blocks), "Estimated network hash rate per second " + (blocks == -1
                ? "since the last difficulty change"
                : string.Create(CultureInfo.InvariantCulture, $"for the last {blocks} blocks")),
                hashRates is not null && hashRates.TryGetValue(blocks, out var rate) ? rate : null);
        }

        var fees = snapshot.Value<IReadOnlyDictionary<int, double>>(RpcMethods.EstimateSmartFee);
        foreach (var target in options.SmartFeeBlocks)
        {
            writer.Gauge(string.Create(CultureInfo.InvariantCulture, $"bitcoin_est_smart_fee_{target}"),
                string.Create(CultureInfo.InvariantCulture, $"Estimated smart fee per kilobyte for confirmation in {target} blocks"),
                fees is not null && fees.TryGetValue(target, out var fee) ? fee : null);
        }
    }

    /// <summary>The Python exporter's names: -1 gives bitcoin_hashps_neg1, 120 gives bitcoin_hashps, n gives bitcoin_hashps_n.</summary>
    public static string HashpsName(int blocks) => blocks switch
    {
        < 0 => string.Create(CultureInfo.InvariantCulture, $"bitcoin_hashps_neg{-(long)blocks}"),
        120 => "bitcoin_hashps",
        _ => string.Create(CultureInfo.InvariantCulture, $"bitcoin_hashps_{blocks}"),
    };

    private static void WriteIndexes(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        if (snapshot.Value<Dictionary<string, IndexStatus>>(RpcMethods.GetIndexInfo) is not { Count: > 0 } indexes)
        {
            return;
        }

        writer.Family("bitcoin_index_synced", "gauge", "1 if the index (txindex, coinstatsindex, block filter index) has caught up with the chain");
        foreach (var (name, index) in indexes)
        {
            if (index.Synced is { } synced)
            {
                writer.Sample("bitcoin_index_synced", "index", name, synced ? 1 : 0);
            }
        }

        writer.Family("bitcoin_index_best_block_height", "gauge", "Height of the last block the index has processed");
        foreach (var (name, index) in indexes)
        {
            if (index.BestBlockHeight is { } height)
            {
                writer.Sample("bitcoin_index_best_block_height", "index", name, height);
            }
        }
    }

    private static void WriteRpcMethods(PrometheusTextWriter writer, NodeSnapshot snapshot, DateTimeOffset now)
    {
        var counts = snapshot.Counts;
        PerMethod(writer, "bitcoin_exporter_rpc_calls_total", "counter", "JSON-RPC calls sent to the node, by method",
            method => counts.RpcCallsByMethod.GetValueOrDefault(method));
        PerMethod(writer, "bitcoin_exporter_rpc_errors_total", "counter",
            "JSON-RPC calls that failed (error answer, unusable result, or failed request), by method",
            method => counts.RpcErrorsByMethod.GetValueOrDefault(method));
        PerMethod(writer, "bitcoin_exporter_rpc_method_unsupported", "gauge",
            "1 while the node reports the method does not exist (-32601); it is retried after a restart, an upgrade or 10 minutes",
            method => snapshot.State(method).UnsupportedUntil is null ? 0 : 1);
        PerMethod(writer, "bitcoin_exporter_rpc_duration_seconds", "gauge",
            "Duration of the last batch request that carried the method: methods sent in one batch share its duration (see bitcoin_exporter_rpc_request_duration_seconds)",
            method => snapshot.State(method).LastDurationSeconds);
        WriteRequestDurations(writer, snapshot);
        PerMethod(writer, "bitcoin_exporter_data_age_seconds", "gauge",
            "Age of the method's last good values: 0 when this collection confirmed them, growing while the node fails",
            method => snapshot.State(method) is { Value: not null, LastGoodAt: { } goodAt } ? Math.Max(0, (now - goodAt).TotalSeconds) : null);
    }

    private static void WriteRequestDurations(PrometheusTextWriter writer, NodeSnapshot snapshot)
    {
        if (snapshot.RequestDurations.Count == 0)
        {
            return;
        }

        const string name = "bitcoin_exporter_rpc_request_duration_seconds";
        writer.Family(name, "gauge",
            "Duration of the last HTTP request of each JSON-RPC batch, answered or not: collection (the calls of every collection), per_block (the calls made when the best block changed)");
        foreach (var batch in RpcBatches.All)
        {
            if (snapshot.RequestDurations.TryGetValue(batch, out var seconds))
            {
                writer.Sample(name, "batch", batch, seconds);
            }
        }
    }

    /// <summary>One sample per RPC method that has a value; methods without one are left out.</summary>
    private static void PerMethod(PrometheusTextWriter writer, string name, string type, string help, Func<string, double?> value)
    {
        writer.Family(name, type, help);
        foreach (var method in RpcMethods.All)
        {
            if (value(method) is { } known)
            {
                writer.Sample(name, "method", method, known);
            }
        }
    }
}
