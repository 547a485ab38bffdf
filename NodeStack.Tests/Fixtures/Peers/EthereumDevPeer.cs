using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>A real Ethereum dev node (anvil or ganache) on a free loopback port, with an RPC client for it.</summary>
public sealed class EthereumDevPeer : IAsyncDisposable
{
    private readonly TestPeerProcess _process;

    private EthereumDevPeer(TestPeerProcess process, Uri url)
    {
        _process = process;
        Url = url;
        Rpc = new JsonRpcClient(Http, url, "2.0");
    }

    /// <summary>The node's HTTP JSON-RPC URL.</summary>
    public Uri Url { get; }

    /// <summary>The port the node listens on.</summary>
    public int Port => Url.Port;

    /// <summary>An HTTP client for the node.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A JSON-RPC client for the node.</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>Starts anvil (Foundry) or ganache, named by <paramref name="program"/>, and waits until it answers.</summary>
    public static async Task<EthereumDevPeer> StartAsync(string program, CancellationToken cancellationToken)
    {
        var path = RequiredTool.TestPeer(program);
        var port = TestPeerProcess.FreePort();
        string[] arguments = program == "anvil"
            ? ["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"]
            : ["--server.host", "127.0.0.1", "--server.port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--logging.quiet"];
        var peer = new EthereumDevPeer(TestPeerProcess.Start(path, arguments), new Uri($"http://127.0.0.1:{port}/"));
        await peer._process.WaitUntilReadyAsync(async ct =>
        {
            await peer.Rpc.CallAsync("eth_blockNumber", ct);
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
