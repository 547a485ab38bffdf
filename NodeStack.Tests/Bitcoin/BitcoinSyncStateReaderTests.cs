using System.Net;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinSyncStateReaderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_regtest_node_reads_as_synced_at_height_zero()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);

        var state = await new BitcoinSyncStateReader(bcoin.Rpc).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.Equal("regtest", state.Chain);
        Assert.Equal(0, state.Height);
        Assert.Equal(0, state.Target);
        Assert.Equal(0, state.Peers);
    }

    [Fact]
    public async Task Wrong_credentials_read_as_unreachable_with_the_reason()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);
        var rpc = new JsonRpcClient(bcoin.Http, bcoin.Url, BitcoinCoreRpc.ProtocolVersion, new NetworkCredential("nodestack", "wrong"));

        var state = await new BitcoinSyncStateReader(rpc).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
        Assert.Contains("refused the RPC credentials", state.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mainnet_node_in_initial_block_download_reads_as_syncing_with_verification_progress()
    {
        await using var core = await BitcoinCoreSimulator.StartAsync("initial-block-download");
        core.Change(results => results["getblockchaininfo"]!["verificationprogress"] = 0.4213);

        var state = await new BitcoinSyncStateReader(Client(core)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Syncing, state.Status);
        Assert.Equal("Syncing 42.1%", state.StateText);
        Assert.Equal("main", state.Chain);
        Assert.Equal(350_000, state.Height);
        Assert.Equal(893_000, state.Target);
        Assert.Equal(12, state.Peers);
        Assert.Contains(new KeyValuePair<string, string>("initialblockdownload", "true"), state.Extra!);
    }

    [Fact]
    public async Task Node_at_its_best_header_after_initial_block_download_reads_as_synced()
    {
        await using var core = await BitcoinCoreSimulator.StartAsync();
        core.Change(results =>
        {
            var chain = results["getblockchaininfo"]!;
            chain["chain"] = "signet";
            // Bitcoin Core's estimate stays just below 1 at the tip.
            chain["verificationprogress"] = 0.99999;
        });

        var state = await new BitcoinSyncStateReader(Client(core)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.Equal("signet", state.Chain);
        Assert.Equal(100, state.ProgressPercent);
    }

    [Fact]
    public async Task Node_loading_its_block_index_reads_as_warming_up_with_the_node_message()
    {
        await using var core = await BitcoinCoreSimulator.StartAsync();
        core.Fault = SimulatedFault.WarmingUp;

        var state = await new BitcoinSyncStateReader(Client(core)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.WarmingUp, state.Status);
        Assert.Equal("Warming up", state.StateText);
        Assert.Equal("Loading block index…", state.Detail);
    }

    [Fact]
    public async Task Node_that_is_down_reads_as_unreachable()
    {
        var rpc = new JsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/"),
            BitcoinCoreRpc.ProtocolVersion, new NetworkCredential("u", "p"));

        var state = await new BitcoinSyncStateReader(rpc).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
    }

    private static JsonRpcClient Client(BitcoinCoreSimulator core) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, core.Url, BitcoinCoreRpc.ProtocolVersion, core.Credentials);
}
