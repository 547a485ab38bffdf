using System.Globalization;
using System.Net;
using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>
/// A real bcoin full node on regtest, on free loopback ports, serving bitcoind-style JSON-RPC at <c>/</c> with basic
/// auth (any user, password = API key).
/// </summary>
public sealed class BcoinRegtestPeer : IAsyncDisposable
{
    /// <summary>bcoin encodes regtest bech32 addresses with the "rb" prefix (Bitcoin Core uses "bcrt"): this is
    /// NodeStack's regtest mining key (<see cref="NodeStack.Hosting.Bitcoin.BitcoinRegtestMiningKey"/>) in bcoin's encoding.</summary>
    public const string MiningAddress = "rb1qm7qlc0gsdsex0unk2psk72k0r9sx0k544n3et8";

    private readonly TestPeerProcess _process;

    private BcoinRegtestPeer(TestPeerProcess process, int port, string apiKey)
    {
        _process = process;
        Port = port;
        ApiKey = apiKey;
        Url = new Uri($"http://127.0.0.1:{port}/");
        Rpc = new JsonRpcClient(Http, Url, "1.0", new NetworkCredential("nodestack", apiKey));
    }

    /// <summary>The RPC port.</summary>
    public int Port { get; }

    /// <summary>The API key, which is the RPC password.</summary>
    public string ApiKey { get; }

    /// <summary>The RPC URL.</summary>
    public Uri Url { get; }

    /// <summary>An HTTP client for the node.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A JSON-RPC client with the node's credentials.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>Starts bcoin on regtest in a temporary directory and waits until RPC answers.</summary>
    public static async Task<BcoinRegtestPeer> StartAsync(CancellationToken cancellationToken)
    {
        var path = RequiredTool.TestPeer("bcoin");
        var port = TestPeerProcess.FreePort();
        var apiKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var prefix = Directory.CreateTempSubdirectory("nodestack-bcoin-").FullName;
        string[] arguments =
        [
            "--network=regtest", "--http-host=127.0.0.1", $"--http-port={port.ToString(CultureInfo.InvariantCulture)}",
            $"--port={TestPeerProcess.FreePort().ToString(CultureInfo.InvariantCulture)}", "--listen=false", $"--api-key={apiKey}",
            $"--prefix={prefix}", "--no-wallet", "--log-level=warning",
        ];
        var peer = new BcoinRegtestPeer(TestPeerProcess.Start(path, arguments, prefix), port, apiKey);
        await peer._process.WaitUntilReadyAsync(async ct =>
        {
            await peer.Rpc.CallAsync("getblockcount", ct);
            return true;
        }, TimeSpan.FromSeconds(60), cancellationToken);
        return peer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
