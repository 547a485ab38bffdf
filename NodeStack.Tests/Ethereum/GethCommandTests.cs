using System.Globalization;
using System.Text.RegularExpressions;
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
        var geth = ModelBuilders.Run().AddGeth("geth").WithDevBlockPeriod(0).Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, node.Port);

        var mined = await NodeCommandRunner.ExecuteAsync(geth, MineBlocksCommand.Name, count: "2");
        var checkSync = await NodeCommandRunner.ExecuteAsync(geth, NodeSyncBuilderExtensions.CheckSyncCommandName);

        Assert.True(mined.Success, mined.Message);
        Assert.Equal("Mined 2 block(s) on geth with self-transfers; height went from 0 to 2.", mined.Message);
        Assert.Equal("0x2", (await node.Rpc.CallAsync("eth_blockNumber", Cancel)).GetString());
        Assert.True(checkSync.Success, checkSync.Message);
        Assert.StartsWith("geth: Synced, chain dev, height 2", checkSync.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_blocks_on_a_timed_dev_chain_reports_its_own_blocks_apart_from_the_timers()
    {
        // anvil sealing a block every second, with pending transactions, as geth --dev.period=1 does.
        await using var node = await EthereumDevPeer.StartAsync("anvil", Cancel, blockTimeSeconds: 1);
        var geth = ModelBuilders.Run().AddGeth("geth").WithDevBlockPeriod(1).Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, node.Port);

        var mined = await NodeCommandRunner.ExecuteAsync(geth, MineBlocksCommand.Name, count: "2");

        Assert.True(mined.Success, mined.Message);
        Assert.Matches(@"^Mined 2 block\(s\) on geth with self-transfers; height went from (\d+) to (\d+)(, including (\d+) block\(s\) the chain sealed meanwhile without them)?\.$", mined.Message);
        var report = Regex.Match(mined.Message!, @"from (\d+) to (\d+)(, including (\d+) block)?");
        var (from, to) = (long.Parse(report.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(report.Groups[2].Value, CultureInfo.InvariantCulture));
        var others = report.Groups[4].Success ? long.Parse(report.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        Assert.Equal(to - from - 2, others);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 120)]
    [InlineData(5, 24)]
    [InlineData(300, 1)]
    public void Mine_blocks_asks_at_most_about_two_minutes_of_timed_blocks_and_says_so(int blockPeriod, int maxCount)
    {
        var geth = ModelBuilders.Run().AddGeth("geth").WithDevBlockPeriod(blockPeriod).Resource;

        var command = Assert.Single(geth.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == MineBlocksCommand.Name);

        Assert.Equal($"How many blocks to mine (1 to {maxCount}).", Assert.Single(command.Arguments).Description);
        Assert.Contains(blockPeriod == 0 ? "seals each in a block of its own at once" : $"about {blockPeriod} s per block, at most {maxCount} per run",
            command.DisplayDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mine_blocks_refuses_more_blocks_than_the_block_timer_gives_in_two_minutes_without_calling_the_node()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").WithDevBlockPeriod(5).Resource;

        var result = await NodeCommandRunner.ExecuteAsync(geth, MineBlocksCommand.Name, count: "25");

        Assert.False(result.Success);
        Assert.Equal("The block count must be a whole number from 1 to 24, not '25'.", result.Message);
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
