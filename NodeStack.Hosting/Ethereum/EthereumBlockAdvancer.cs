using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Advances a dev chain by sending zero-value self-transfers from the node's first unlocked account, one at a time,
/// each waiting for its receipt. On <c>geth --dev.period=0</c>, anvil and ganache every transfer is sealed in a
/// block of its own at once; on <c>geth --dev</c> with a block period each waits for the next timed block.
/// </summary>
/// <param name="rpc">A JSON-RPC 2.0 client for the node.</param>
internal sealed class EthereumBlockAdvancer(JsonRpcClient rpc)
{
    private static readonly TimeSpan ReceiptPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one transaction may wait for a block before the command gives up. Defaults to 60 seconds.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Sends <paramref name="count"/> transfers and returns how many blocks hold them (one each), and the height
    /// before and after, which also counts blocks the chain sealed meanwhile by itself.
    /// </summary>
    public async Task<MinedBlocks> AdvanceAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var accounts = new NodeReply(await rpc.CallAsync("eth_accounts", cancellationToken).ConfigureAwait(false), "eth_accounts");
        if (accounts.GetArrayLength() == 0)
        {
            throw new NodeReplyException(
                "The node has no unlocked account to send from: Mine blocks works on dev chains (geth --dev, anvil, ganache).");
        }

        var from = new NodeReply(accounts.Value[0], "eth_accounts[0]").GetString();
        var start = await GetHeightAsync(cancellationToken).ConfigureAwait(false);
        var blocks = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            var transaction = new Dictionary<string, string> { ["from"] = from, ["to"] = from, ["value"] = "0x0" };
            var hash = new NodeReply(await rpc.CallAsync("eth_sendTransaction", [transaction], cancellationToken).ConfigureAwait(false), "eth_sendTransaction").GetString();
            var receipt = await WaitForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
            blocks.Add(EthereumQuantity.Parse(receipt["blockNumber"]));
        }

        return new MinedBlocks(blocks.Count, start, await GetHeightAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<long> GetHeightAsync(CancellationToken cancellationToken) =>
        EthereumQuantity.Parse(await rpc.CallAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false), "eth_blockNumber");

    private async Task<NodeReply> WaitForReceiptAsync(string hash, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReceiptTimeout);
        try
        {
            while (true)
            {
                var receipt = await rpc.CallAsync("eth_getTransactionReceipt", [hash], timeout.Token).ConfigureAwait(false);
                if (receipt.ValueKind != JsonValueKind.Null)
                {
                    return new NodeReply(receipt, "eth_getTransactionReceipt");
                }

                await Task.Delay(ReceiptPollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Transaction {hash} was not mined within {ReceiptTimeout.TotalSeconds:0} s.");
        }
    }
}
