using System.Text.Json.Nodes;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>
/// Results in Bitcoin Core's documented formats (getblockchaininfo, getnetworkinfo as of v31), and its warm-up
/// error: code -28 (RPC_IN_WARMUP) with messages such as "Loading block index…" while the node starts.
/// </summary>
public static class BitcoinCoreResults
{
    /// <summary>A getblockchaininfo result.</summary>
    public static JsonNode BlockchainInfo(string chain, long blocks, long headers, double verificationProgress, bool initialBlockDownload) => new JsonObject
    {
        ["chain"] = chain,
        ["blocks"] = blocks,
        ["headers"] = headers,
        ["bestblockhash"] = "00000000000000000001c0e1a0a2c7e8d6b1f2a3b4c5d6e7f8091a2b3c4d5e6f",
        ["bits"] = "17025ced",
        ["target"] = "0000000000000000000253ed0000000000000000000000000000000000000000",
        ["difficulty"] = 126_982_285_146_989.3,
        ["time"] = 1_764_225_967,
        ["mediantime"] = 1_764_224_567,
        ["verificationprogress"] = verificationProgress,
        ["initialblockdownload"] = initialBlockDownload,
        ["chainwork"] = "0000000000000000000000000000000000000000dbd5ee4ecbb6e1e1b4e4f4e2",
        ["size_on_disk"] = 732_112_876_543,
        ["pruned"] = false,
        ["warnings"] = new JsonArray(),
    };

    /// <summary>A getnetworkinfo result.</summary>
    public static JsonNode NetworkInfo(int connections) => new JsonObject
    {
        ["version"] = 310100,
        ["subversion"] = "/Satoshi:31.1.0/",
        ["protocolversion"] = 70016,
        ["localservices"] = "0000000000000c09",
        ["localrelay"] = true,
        ["timeoffset"] = 0,
        ["networkactive"] = true,
        ["connections"] = connections,
        ["connections_in"] = 0,
        ["connections_out"] = connections,
        ["relayfee"] = 0.00001,
        ["incrementalfee"] = 0.00001,
        ["warnings"] = new JsonArray(),
    };

    /// <summary>Scripts <paramref name="simulator"/> as a Bitcoin Core node.</summary>
    public static JsonRpcSimulator AsBitcoinCore(this JsonRpcSimulator simulator, JsonNode blockchainInfo, int connections) =>
        simulator.On("getblockchaininfo", blockchainInfo).On("getnetworkinfo", NetworkInfo(connections));

    /// <summary>Scripts <paramref name="simulator"/> as a Bitcoin Core node still loading its block index.</summary>
    public static JsonRpcSimulator AsWarmingUpBitcoinCore(this JsonRpcSimulator simulator) =>
        simulator.On("getblockchaininfo", _ => SimulatedReply.Error(-28, "Loading block index…"))
            .On("getnetworkinfo", _ => SimulatedReply.Error(-28, "Loading block index…"));
}
