using NodeStack.Hosting.Ethereum;
using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Ethereum;

public class EthereumBlockAdvancerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anvil")]
    [InlineData("ganache")]
    public async Task Advancing_a_dev_chain_by_three_produces_three_blocks(string program)
    {
        await using var node = await EthereumDevPeer.StartAsync(program, Cancel);

        var mined = await new EthereumBlockAdvancer(node.Rpc).AdvanceAsync(3, Cancel);

        Assert.Equal(3, mined.Count);
        Assert.Equal(3, mined.Height);
        var height = await node.Rpc.CallAsync("eth_blockNumber", Cancel);
        Assert.Equal("0x3", height.GetString());
    }
}
