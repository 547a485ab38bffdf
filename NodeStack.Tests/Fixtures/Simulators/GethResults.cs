using System.Text.Json.Nodes;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>
/// Results in geth's documented formats (JSON-RPC quantities are 0x-prefixed hex). eth_syncing returns false
/// when in sync, otherwise an object with startingBlock, currentBlock, highestBlock and geth's snap-sync counters.
/// </summary>
public static class GethResults
{
    /// <summary>A hex quantity.</summary>
    public static JsonNode Quantity(long value) => JsonValue.Create("0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>geth's eth_syncing object while syncing.</summary>
    public static JsonNode Syncing(long startingBlock, long currentBlock, long highestBlock) => new JsonObject
    {
        ["startingBlock"] = Quantity(startingBlock),
        ["currentBlock"] = Quantity(currentBlock),
        ["highestBlock"] = Quantity(highestBlock),
        ["syncedAccounts"] = Quantity(12_345),
        ["syncedAccountBytes"] = Quantity(987_654),
        ["syncedBytecodes"] = Quantity(321),
        ["syncedBytecodeBytes"] = Quantity(54_321),
        ["syncedStorage"] = Quantity(6_789),
        ["syncedStorageBytes"] = Quantity(456_789),
        ["healedTrienodes"] = Quantity(0),
        ["healedTrienodeBytes"] = Quantity(0),
        ["healedBytecodes"] = Quantity(0),
        ["healedBytecodeBytes"] = Quantity(0),
        ["healingTrienodes"] = Quantity(0),
        ["healingBytecode"] = Quantity(0),
        ["txIndexFinishedBlocks"] = Quantity(0),
        ["txIndexRemainingBlocks"] = Quantity(0),
    };

    /// <summary>
    /// geth's <c>eth_getBlockByNumber(tag, false)</c> result for block <paramref name="number"/> sealed at
    /// <paramref name="timestamp"/> (the documented block object, with transaction hashes only).
    /// </summary>
    public static JsonNode Block(long number, DateTimeOffset timestamp) => new JsonObject
    {
        ["number"] = Quantity(number),
        ["hash"] = "0x" + number.ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
        ["parentHash"] = "0x" + (number - 1).ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
        ["timestamp"] = Quantity(timestamp.ToUnixTimeSeconds()),
        ["gasLimit"] = Quantity(36_000_000),
        ["gasUsed"] = Quantity(12_345_678),
        ["baseFeePerGas"] = Quantity(1_000_000_000),
        ["miner"] = "0x0000000000000000000000000000000000000000",
        ["difficulty"] = Quantity(0),
        ["size"] = Quantity(54_321),
        ["transactions"] = new JsonArray(),
        ["uncles"] = new JsonArray(),
        ["withdrawals"] = new JsonArray(),
    };

    /// <summary>Scripts <paramref name="simulator"/> as a geth on <paramref name="chainId"/> at <paramref name="height"/>.</summary>
    public static JsonRpcSimulator AsGeth(this JsonRpcSimulator simulator, long chainId, long height, JsonNode? syncing, int peers) =>
        simulator.On("eth_chainId", Quantity(chainId))
            .On("eth_blockNumber", Quantity(height))
            .On("eth_syncing", syncing ?? JsonValue.Create(false))
            .On("net_peerCount", Quantity(peers));
}
