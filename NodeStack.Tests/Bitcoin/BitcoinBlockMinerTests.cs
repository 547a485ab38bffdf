using NodeStack.Hosting.Bitcoin;
using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinBlockMinerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mining_five_regtest_blocks_raises_the_height_by_five()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);

        var mined = await new BitcoinBlockMiner(bcoin.Rpc).MineAsync(5, BcoinRegtestPeer.MiningAddress, Cancel);

        Assert.Equal(5, mined.Count);
        Assert.Equal(5, mined.Height);
        Assert.Equal(5, (await bcoin.Rpc.CallAsync("getblockcount", Cancel)).GetInt64());
    }
}
