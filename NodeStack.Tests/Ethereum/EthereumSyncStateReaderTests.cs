using System.Text.Json.Nodes;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Ethereum;

public class EthereumSyncStateReaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

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
    public async Task Geth_on_a_public_chain_with_a_recent_head_reads_as_synced()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.AsGeth(EthereumNetworks.SepoliaChainId, 8_000_000, syncing: null, peers: 30)
            .On("eth_getBlockByNumber", GethResults.Block(8_000_000, Now - TimeSpan.FromSeconds(12)));

        var state = await new EthereumSyncStateReader(Client(geth.Url), new FixedClock(Now)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.Equal(8_000_000, state.Height);
        Assert.Contains(new KeyValuePair<string, string>("headBlockTime", "2025-06-01 11:59:48Z"), state.Extra!);
    }

    [Fact]
    public async Task Geth_on_a_public_chain_whose_head_stopped_moving_waits_for_its_consensus_client_with_the_head_age()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        // eth_syncing=false and a height: all a geth whose consensus client died still says about itself.
        geth.AsGeth(EthereumNetworks.MainnetChainId, 22_000_000, syncing: null, peers: 50)
            .On("eth_getBlockByNumber", GethResults.Block(22_000_000, Now - TimeSpan.FromMinutes(10)));

        var state = await new EthereumSyncStateReader(Client(geth.Url), new FixedClock(Now)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.WaitingForConsensusClient, state.Status);
        Assert.Equal("Waiting for consensus client", state.StateText);
        Assert.Equal(KnownResourceStateStyles.Warn, state.StateStyle);
        Assert.Equal(22_000_000, state.Height);
        Assert.StartsWith("the head block is 10 min old", state.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_chain_with_an_old_head_is_still_synced_because_it_only_moves_on_demand()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.AsGeth(1337, 12, syncing: null, peers: 0)
            .On("eth_getBlockByNumber", GethResults.Block(12, Now - TimeSpan.FromDays(3)));

        var state = await new EthereumSyncStateReader(Client(geth.Url), new FixedClock(Now)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Synced, state.Status);
        Assert.DoesNotContain("eth_getBlockByNumber", geth.Calls);
    }

    [Fact]
    public async Task Geth_syncing_reply_without_its_current_block_reads_as_unreachable_naming_the_field()
    {
        await using var geth = await JsonRpcSimulator.StartAsync(Cancel);
        geth.AsGeth(EthereumNetworks.SepoliaChainId, 10, new JsonObject { ["highestBlock"] = "0x64" }, peers: 3);

        var state = await new EthereumSyncStateReader(Client(geth.Url)).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
        Assert.Equal("eth_syncing has no 'currentBlock'.", state.Detail);
    }

    [Fact]
    public async Task Node_that_is_down_reads_as_unreachable_with_the_reason()
    {
        var closedPort = LoopbackPort.Free();

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

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
