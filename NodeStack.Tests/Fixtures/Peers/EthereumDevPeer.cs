using System.Globalization;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>A real Ethereum dev node (anvil or ganache) on a free loopback port, with an RPC client for it.</summary>
internal sealed class EthereumDevPeer : JsonRpcTestPeer
{
    private EthereumDevPeer(TestPeerProcess process, Uri url) : base(process, url, "2.0") { }

    /// <summary>
    /// Starts anvil (Foundry) or ganache, named by <paramref name="program"/>, and waits until it answers. With
    /// <paramref name="blockTimeSeconds"/> above 0 it seals a block on that timer, including the pending transactions,
    /// as <c>geth --dev.period</c> does; with 0 it seals one block per transaction at once.
    /// </summary>
    public static async Task<EthereumDevPeer> StartAsync(string program, CancellationToken cancellationToken, int blockTimeSeconds = 0)
    {
        var path = RequiredTool.TestPeer(program);
        var port = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        var blockTime = blockTimeSeconds.ToString(CultureInfo.InvariantCulture);
        string[] arguments = program == "anvil"
            ? ["--host", "127.0.0.1", "--port", port, "--silent", .. blockTimeSeconds > 0 ? new[] { "--block-time", blockTime } : []]
            : ["--server.host", "127.0.0.1", "--server.port", port, "--logging.quiet", "--miner.blockTime", blockTime];
        var peer = new EthereumDevPeer(TestPeerProcess.Start(path, arguments), new Uri($"http://127.0.0.1:{port}/"));
        await peer.WaitUntilAnswersAsync("eth_blockNumber", cancellationToken);
        return peer;
    }
}
