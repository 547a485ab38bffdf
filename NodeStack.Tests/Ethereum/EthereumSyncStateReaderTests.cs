using System.Text.Json.Nodes;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Ethereum;

public class EthereumSyncStateReaderTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anvil")]
    [InlineData("ganache")]
    public async Task Dev_node_at_its_tip_reads_as_synced_with_height_and_dev_chain(string program)
    {
        await using var node = await EthereumDevPeer.StartAsync(program, Cancel);

        var state = await new EthereumSyncStateReader(node.Rpc).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.Equal("Synced", state.StateText);
        Assert.Equal("dev", state.Chain);
        Assert.Equal(0, state.Height);
        Assert.Equal(100, state.ProgressPercent);
    }

    [Fact]
    public async Task Peer_count_is_unknown_rather_than_an_error_when_the_node_has_no_net_namespace()
    {
        await using var anvil = await EthereumDevPeer.StartAsync("anvil", Cancel);

        var state = await new EthereumSyncStateReader(anvil.Rpc).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.Null(state.Peers);
    }

    [Fact]
    public async Task Geth_mid_sync_reads_as_syncing_with_progress_from_current_and_highest_block()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.AsGeth(EthereumNetworks.SepoliaChainId, 4_200, GethResults.Syncing(0, 4_210, 10_000), peers: 7);

        var state = await new EthereumSyncStateReader(Client(geth.Url)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Syncing, state.Status);
        Assert.Equal("Syncing 42.1%", state.StateText);
        Assert.Equal("sepolia", state.Chain);
        Assert.Equal(4_210, state.Height);
        Assert.Equal(10_000, state.Target);
        Assert.Equal(7, state.Peers);
        Assert.Contains(new KeyValuePair<string, string>("highestBlock", "10000"), state.Extra!);
    }

    [Fact]
    public async Task Geth_on_a_public_chain_at_block_zero_waits_for_its_consensus_client_instead_of_claiming_synced()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.AsGeth(EthereumNetworks.HoodiChainId, 0, syncing: null, peers: 12);

        var state = await new EthereumSyncStateReader(Client(geth.Url)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.WaitingForConsensusClient, state.Status);
        Assert.Equal("Waiting for consensus client", state.StateText);
        Assert.Equal("hoodi", state.Chain);
    }

    [Fact]
    public async Task Node_that_is_down_reads_as_unreachable_with_the_reason()
    {
        var closedPort = TestPeerProcess.FreePort();

        var state = await new EthereumSyncStateReader(Client(new Uri($"http://127.0.0.1:{closedPort}/"))).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
        Assert.Equal("Unreachable", state.StateText);
        Assert.False(string.IsNullOrEmpty(state.Detail));
    }

    [Fact]
    public async Task Node_answering_garbage_reads_as_unreachable_not_as_a_crash()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.On("eth_chainId", JsonValue.Create("not-a-quantity"));

        var state = await new EthereumSyncStateReader(Client(geth.Url)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
        Assert.Contains("hex quantity", state.Detail, StringComparison.Ordinal);
    }

    private static JsonRpcClient Client(Uri url) => new(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, url, EthereumRpc.ProtocolVersion);
}
