using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinCoreCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mine_blocks_raises_the_nodes_height_by_the_requested_count_and_check_sync_reports_it()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);
        var bitcoin = BitcoinResourceFor(bcoin);

        var mined = await NodeCommandRunner.ExecuteAsync(bitcoin, MineBlocksCommand.Name, count: "4");
        var checkSync = await NodeCommandRunner.ExecuteAsync(bitcoin, NodeSyncBuilderExtensions.CheckSyncCommandName);

        Assert.True(mined.Success, mined.Message);
        Assert.Equal($"Mined 4 block(s) to {BcoinRegtestPeer.MiningAddress}; height is now 4.", mined.Message);
        Assert.Equal(4, (await bcoin.Rpc.CallAsync("getblockcount", Cancel)).GetInt64());
        Assert.True(checkSync.Success, checkSync.Message);
        Assert.StartsWith("bitcoin: Synced, chain regtest, height 4, target 4, peers 0", checkSync.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("many")]
    public async Task Mine_blocks_rejects_a_count_outside_1_to_1000_without_calling_the_node(string count)
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var result = await NodeCommandRunner.ExecuteAsync(bitcoin, MineBlocksCommand.Name, count);

        Assert.False(result.Success);
        Assert.Equal($"The block count must be a whole number from 1 to 1000, not '{count}'.", result.Message);
    }

    [Fact]
    public async Task Commands_report_a_clear_failure_when_the_node_is_down()
    {
        var bitcoin = ModelBuilders.Run(("Parameters:bitcoin-rpc-password", "pw")).AddBitcoinCore("bitcoin").Resource;
        NodeCommandRunner.PointEndpointAt(bitcoin, BitcoinCoreResource.RpcEndpointName, LoopbackPort.Free());

        var mined = await NodeCommandRunner.ExecuteAsync(bitcoin, MineBlocksCommand.Name);
        var checkSync = await NodeCommandRunner.ExecuteAsync(bitcoin, NodeSyncBuilderExtensions.CheckSyncCommandName);

        Assert.False(mined.Success);
        Assert.StartsWith("Mining on bitcoin failed: ", mined.Message, StringComparison.Ordinal);
        Assert.False(checkSync.Success);
        Assert.StartsWith("bitcoin: Unreachable", checkSync.Message, StringComparison.Ordinal);
    }

    private static BitcoinCoreResource BitcoinResourceFor(BcoinRegtestPeer bcoin)
    {
        var bitcoin = ModelBuilders.Run(("Parameters:bitcoin-rpc-password", bcoin.ApiKey))
            .AddBitcoinCore("bitcoin")
            .WithMiningAddress(BcoinRegtestPeer.MiningAddress)
            .Resource;
        NodeCommandRunner.PointEndpointAt(bitcoin, BitcoinCoreResource.RpcEndpointName, bcoin.Port);
        return bitcoin;
    }
}
