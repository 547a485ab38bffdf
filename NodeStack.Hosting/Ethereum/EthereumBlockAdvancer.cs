using System.Text.Json;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Advances a dev chain one block per step by sending a zero-value self-transfer from the node's first unlocked
/// account and waiting for its receipt. That produces a block on <c>geth --dev</c> whatever its block period,
/// and on anvil and ganache, which mine each transaction.
/// </summary>
/// <param name="rpc">A JSON-RPC 2.0 client for the node.</param>
public sealed class EthereumBlockAdvancer(JsonRpcClient rpc)
{
    private static readonly TimeSpan ReceiptPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one transaction may wait for a block before the command gives up.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Produces <paramref name="count"/> blocks and returns how many were produced and the new height.</summary>
    public async Task<MinedBlocks> AdvanceAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var accounts = await rpc.CallAsync("eth_accounts", cancellationToken).ConfigureAwait(false);
        if (accounts.GetArrayLength() == 0)
        {
            throw new InvalidOperationException(
                "The node has no unlocked account to send from: Mine blocks works on dev chains (geth --dev, anvil, ganache).");
        }

        var from = accounts[0].GetString()!;
        var start = EthereumQuantity.Parse(await rpc.CallAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false));
        for (var i = 0; i < count; i++)
        {
            var transaction = new Dictionary<string, string> { ["from"] = from, ["to"] = from, ["value"] = "0x0" };
            var hash = await rpc.CallAsync("eth_sendTransaction", [transaction], cancellationToken).ConfigureAwait(false);
            await WaitForReceiptAsync(hash.GetString()!, cancellationToken).ConfigureAwait(false);
        }

        var end = EthereumQuantity.Parse(await rpc.CallAsync("eth_blockNumber", cancellationToken).ConfigureAwait(false));
        return new MinedBlocks((int)(end - start), end);
    }

    private async Task WaitForReceiptAsync(string hash, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReceiptTimeout);
        try
        {
            while ((await rpc.CallAsync("eth_getTransactionReceipt", [hash], timeout.Token).ConfigureAwait(false)).ValueKind == JsonValueKind.Null)
            {
                await Task.Delay(ReceiptPollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Transaction {hash} was not mined within {ReceiptTimeout.TotalSeconds:0} s.");
        }
    }
}
