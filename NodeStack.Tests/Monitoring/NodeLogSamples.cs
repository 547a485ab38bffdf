namespace NodeStack.Tests.Monitoring;

/// <summary>A node log line and what NodeStack's parsing must make of it.</summary>
/// <param name="Format">The parser's format.</param>
/// <param name="Line">The log line, verbatim.</param>
/// <param name="Source">Where the line comes from.</param>
/// <param name="Expected">Keys the parsed record must have, with their values.</param>
public sealed record NodeLogSample(string Format, string Line, string Source, IReadOnlyDictionary<string, string> Expected)
{
    public override string ToString() => $"{Format}: {Source}";
}

/// <summary>
/// Real node log lines: quoted from public issue reports where one shows the current format, otherwise written out
/// from the format code of the node's source (named in Source).
/// </summary>
public static class NodeLogSamples
{
    public static IReadOnlyList<NodeLogSample> All { get; } =
    [
        new("geth",
            "INFO [04-16|07:56:20.676] Imported new chain segment               number=4096 hash=9d9262..170328 blocks=2048 txs=0 mgas=0.000 elapsed=712.704ms   mgasps=0.000 age=3y6mo1w  snapdiffs=185.64KiB triediffs=83.62KiB triedirty=741.00B",
            "geth 1.15.8 log, ethereum/go-ethereum issue 31648",
            Fields(("otlp.severity_text", "INFO"), ("otlp.severity_number", "9"), ("message", "Imported new chain segment"), ("number", "4096"),
                ("hash", "9d9262..170328"), ("blocks", "2048"), ("elapsed", "712.704ms"), ("triedirty", "741.00B"))),
        new("geth",
            "WARN [11-15|22:32:37.235] Post-merge network, but no beacon client seen. Please launch one to follow the chain!",
            "geth log, ethereum/go-ethereum issue 30759",
            Fields(("otlp.severity_text", "WARN"), ("otlp.severity_number", "13"), ("message", "Post-merge network, but no beacon client seen. Please launch one to follow the chain!"))),
        new("geth",
            "INFO [06-24|15:47:05.461] Looking for peers                        peercount=0 tried=146 static=0",
            "geth log, ethereum/go-ethereum issue 28813",
            Fields(("message", "Looking for peers"), ("peercount", "0"), ("tried", "146"), ("static", "0"))),
        new("geth",
            "WARN [09-16|08:20:45.896] Served admin_peers                       conn=172.17.0.1:54288 reqid=1 duration=\"9.66µs\"   err=\"the method admin_peers does not exist/is not available\"",
            "geth log with quoted values, ethereum/go-ethereum issue 25784",
            Fields(("message", "Served admin_peers"), ("conn", "172.17.0.1:54288"), ("duration", "9.66µs"),
                ("err", "the method admin_peers does not exist/is not available"))),
        new("geth",
            "ERROR[11-27|06:26:07.123] Beacon backfilling failed                err=\"retrieved hash chain is invalid\" number=19,234,567",
            "go-ethereum log/format.go: ERROR is five characters wide (no space before '['), integers of 100000 and more get thousands separators",
            Fields(("otlp.severity_text", "ERROR"), ("otlp.severity_number", "17"), ("message", "Beacon backfilling failed"),
                ("err", "retrieved hash chain is invalid"), ("number", "19234567"))),
        new("bitcoind",
            "2020-07-15T17:26:26Z UpdateTip: new best=0000000000000000000701d9040958646210f230d3cd04bb66ed3c41cac59e70 height=606497 version=0x3fff0000 log2_work=91.401431 tx=480446677 date='2019-12-03T18:28:34Z' progress=0.878062 cache=26.9MiB(206389txo)",
            "Bitcoin Core debug.log, bitcoin/bitcoin issue 19527",
            Fields(("otlp.severity_text", "INFO"), ("otlp.severity_number", "9"), ("height", "606497"), ("best", "0000000000000000000701d9040958646210f230d3cd04bb66ed3c41cac59e70"),
                ("version", "0x3fff0000"), ("date", "2019-12-03T18:28:34Z"), ("progress", "0.878062"), ("cache", "26.9MiB(206389txo)"))),
        new("bitcoind",
            "2020-09-06T15:56:00Z UpdateTip: new best=00000000000000000001b2872e107a98b57913120e5c6c87ce2715a34c40adf8 height=646969 version=0x20400000 log2_work=92.261571 tx=565651941 date='2020-09-06T10:35:36Z' progress=0.999888 cache=32.2MiB(237417txo) warning='72 of last 100 blocks have unexpected version'",
            "Bitcoin Core debug.log with a single-quoted warning, bitcoin/bitcoin pull request 19898",
            Fields(("height", "646969"), ("warning", "72 of last 100 blocks have unexpected version"))),
        new("bitcoind",
            "2026-11-27T06:26:07Z [net] Added connection peer=3",
            "Bitcoin Core src/logging.cpp GetLogPrefix: a category's debug line carries [category]",
            Fields(("otlp.severity_text", "DEBUG"), ("otlp.severity_number", "5"), ("category", "net"), ("message", "Added connection peer=3"), ("peer", "3"))),
        new("bitcoind",
            "2026-11-27T06:26:07Z [net:warning] Socket send error for peer=7",
            "Bitcoin Core src/logging.cpp GetLogPrefix: [category:level] for a category's non-debug line",
            Fields(("otlp.severity_text", "WARN"), ("otlp.severity_number", "13"), ("category", "net"), ("peer", "7"))),
        new("bitcoind",
            "2026-11-27T06:26:07Z [error] Failed to write block to disk",
            "Bitcoin Core src/logging.cpp GetLogPrefix: [level] without a category",
            Fields(("otlp.severity_text", "ERROR"), ("otlp.severity_number", "17"), ("message", "Failed to write block to disk"))),
        new("bitcoind",
            "2026-11-27T06:26:07.123456Z Bitcoin Core version v29.0.0 (release build)",
            "Bitcoin Core src/logging.cpp LogTimestampStr with -logtimemicros",
            Fields(("otlp.severity_text", "INFO"), ("message", "Bitcoin Core version v29.0.0 (release build)"))),
        new("lighthouse",
            "Nov 27 06:26:07.123 INFO Synced                                        peers: \"88\", exec_hash: \"0x4f1a…a3e2 (verified)\", finalized_checkpoint: Checkpoint { epoch: 359410, root: 0x7d1c…e2b1 }, epoch: 359412, block: \"0x9a2b…77c1\", slot: 11501212",
            "sigp/lighthouse common/logging/src/tracing_logging_layer.rs build_log_text: message padded to 44, two spaces, then fields",
            Fields(("otlp.severity_text", "INFO"), ("otlp.severity_number", "9"), ("message", "Synced"), ("peers", "88"), ("exec_hash", "0x4f1a…a3e2 (verified)"),
                ("finalized_checkpoint", "Checkpoint { epoch: 359410, root: 0x7d1c…e2b1 }"), ("epoch", "359412"), ("slot", "11501212"))),
        new("lighthouse",
            "Nov 27 06:26:07.123 WARN Execution endpoint is not synced              last_seen_block_unix_timestamp: 0, endpoint: \"http://geth:8551/\", auth: true",
            "sigp/lighthouse common/logging/src/tracing_logging_layer.rs build_log_text",
            Fields(("otlp.severity_text", "WARN"), ("otlp.severity_number", "13"), ("message", "Execution endpoint is not synced"), ("endpoint", "http://geth:8551/"), ("auth", "true"))),
        new("lighthouse",
            "Nov 27 06:26:07.123 CRIT Failed to start beacon node                   ",
            "sigp/lighthouse common/logging/src/tracing_logging_layer.rs: a line without fields keeps its padding",
            Fields(("otlp.severity_text", "FATAL"), ("otlp.severity_number", "21"), ("message", "Failed to start beacon node"))),
    ];

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
}
