using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>
/// A real bcoin full node on regtest, on free loopback ports, serving bitcoind-style JSON-RPC at <c>/</c> with basic
/// auth (any user, password = API key).
/// </summary>
public sealed class BcoinRegtestPeer : JsonRpcTestPeer
{
    /// <summary>bcoin encodes regtest bech32 addresses with the "rb" prefix (Bitcoin Core uses "bcrt"): this is
    /// NodeStack's regtest mining key (<see cref="NodeStack.Hosting.Bitcoin.BitcoinRegtestMiningKey"/>) in bcoin's encoding.</summary>
    public const string MiningAddress = "rb1qm7qlc0gsdsex0unk2psk72k0r9sx0k544n3et8";

    private BcoinRegtestPeer(TestPeerProcess process, Uri url, string apiKey)
        : base(process, url, "1.0", new NetworkCredential("nodestack", apiKey)) => ApiKey = apiKey;

    /// <summary>The API key, which is the RPC password.</summary>
    public string ApiKey { get; }

    /// <summary>Starts bcoin on regtest in a temporary directory and waits until RPC answers.</summary>
    public static async Task<BcoinRegtestPeer> StartAsync(CancellationToken cancellationToken)
    {
        var path = RequiredTool.TestPeer("bcoin");
        var port = TestPeerProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var prefix = Directory.CreateTempSubdirectory("nodestack-bcoin-").FullName;
        string[] arguments =
        [
            "--network=regtest", "--http-host=127.0.0.1", $"--http-port={port}",
            $"--port={TestPeerProcess.FreePort().ToString(CultureInfo.InvariantCulture)}", "--listen=false", $"--api-key={apiKey}",
            $"--prefix={prefix}", "--no-wallet", "--log-level=warning",
        ];
        var peer = new BcoinRegtestPeer(TestPeerProcess.Start(path, arguments, prefix), new Uri($"http://127.0.0.1:{port}/"), apiKey);
        await peer.WaitUntilAnswersAsync("getblockcount", cancellationToken);
        return peer;
    }
}
