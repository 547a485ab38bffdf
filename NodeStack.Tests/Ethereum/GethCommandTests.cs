using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Ethereum;

public class GethCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anvil")]
    [InlineData("ganache")]
    public async Task Mine_blocks_advances_a_dev_chain_and_check_sync_reports_the_new_height(string program)
    {
        await using var node = await EthereumDevPeer.StartAsync(program, Cancel);
        var geth = ModelBuilders.Run().AddGeth("geth").Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, node.Port);

        var mined = await NodeCommandRunner.ExecuteAsync(geth, MineBlocksCommand.Name, count: "2");
        var checkSync = await NodeCommandRunner.ExecuteAsync(geth, NodeSyncBuilderExtensions.CheckSyncCommandName);

        Assert.True(mined.Success, mined.Message);
        Assert.Equal("Advanced geth by 2 block(s); height is now 2.", mined.Message);
        Assert.Equal("0x2", (await node.Rpc.CallAsync("eth_blockNumber", Cancel)).GetString());
        Assert.True(checkSync.Success, checkSync.Message);
        Assert.StartsWith("geth: Synced, chain dev, height 2", checkSync.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_are_enabled_only_while_the_node_is_running()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").Resource;
        var command = geth.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == MineBlocksCommand.Name);

        ResourceCommandState StateWhen(string state) => command.UpdateState(new UpdateCommandStateContext
        {
            ResourceSnapshot = new CustomResourceSnapshot { ResourceType = "Container", Properties = [], State = state },
            Services = NodeCommandRunner.Services,
        });

        Assert.Equal(ResourceCommandState.Enabled, StateWhen(KnownResourceStates.Running));
        Assert.Equal(ResourceCommandState.Disabled, StateWhen(KnownResourceStates.FailedToStart));
        Assert.Equal(ResourceCommandState.Disabled, StateWhen(KnownResourceStates.Starting));
    }
}
