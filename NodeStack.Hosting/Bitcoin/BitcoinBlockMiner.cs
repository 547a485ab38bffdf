using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>Mines regtest blocks with <c>generatetoaddress</c>.</summary>
/// <param name="rpc">A JSON-RPC client with the node's credentials.</param>
internal sealed class BitcoinBlockMiner(JsonRpcClient rpc)
{
    /// <summary>Mines <paramref name="count"/> blocks paying <paramref name="address"/> and returns the new height.</summary>
    public async Task<MinedBlocks> MineAsync(int count, string address, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var start = await GetHeightAsync(cancellationToken).ConfigureAwait(false);
        var hashes = new NodeReply(await rpc.CallAsync("generatetoaddress", [count, address], cancellationToken).ConfigureAwait(false), "generatetoaddress");
        var height = await GetHeightAsync(cancellationToken).ConfigureAwait(false);
        return new MinedBlocks(hashes.GetArrayLength(), start, height);
    }

    private async Task<long> GetHeightAsync(CancellationToken cancellationToken) =>
        new NodeReply(await rpc.CallAsync("getblockcount", cancellationToken).ConfigureAwait(false), "getblockcount").GetInt64();
}
