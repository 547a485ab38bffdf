using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Bitcoin facts from <c>getblockchaininfo</c> (blocks, bestblockhash) and <c>getblockhash 0</c>, in Bitcoin Core's
/// documented format, which bcoin serves too.
/// </summary>
/// <param name="bitcoin">The node, for its RPC port and credentials.</param>
internal sealed class BitcoinNodeFacts(BitcoinCoreResource bitcoin) : INodeFactsSource
{
    public int RpcPort => bitcoin.Network.RpcPort();

    public async Task<NodeFacts> ReadAsync(Uri rpcAddress, IServiceProvider services, CancellationToken cancellationToken)
    {
        var user = await bitcoin.RpcUser.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var password = await bitcoin.RpcPassword.GetValueAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(new JsonRpcClient(NodeRpc(services), rpcAddress, BitcoinCoreRpc.ProtocolVersion, new NetworkCredential(user, password)), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<NodeFacts> ReadAsync(JsonRpcClient rpc, CancellationToken cancellationToken)
    {
        var info = new NodeReply(await rpc.CallAsync("getblockchaininfo", cancellationToken).ConfigureAwait(false), "getblockchaininfo");
        var genesis = new NodeReply(await rpc.CallAsync("getblockhash", [0], cancellationToken).ConfigureAwait(false), "getblockhash");
        return new NodeFacts(info["blocks"].GetInt64(), info["bestblockhash"].GetString(), genesis.GetString());
    }

    internal static HttpClient NodeRpc(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(NodeRpcHttpClient.Name);
}

/// <summary>Ethereum execution facts from <c>eth_getBlockByNumber</c> for <c>latest</c> and block 0 (geth, anvil, ganache).</summary>
/// <param name="rpcPort">The container port of the HTTP JSON-RPC.</param>
internal sealed class EthereumNodeFacts(int rpcPort) : INodeFactsSource
{
    public int RpcPort => rpcPort;

    public Task<NodeFacts> ReadAsync(Uri rpcAddress, IServiceProvider services, CancellationToken cancellationToken) =>
        ReadAsync(new JsonRpcClient(BitcoinNodeFacts.NodeRpc(services), rpcAddress, EthereumRpc.ProtocolVersion), cancellationToken);

    public static async Task<NodeFacts> ReadAsync(JsonRpcClient rpc, CancellationToken cancellationToken)
    {
        var head = await BlockAsync(rpc, "latest", cancellationToken).ConfigureAwait(false);
        var genesis = await BlockAsync(rpc, "0x0", cancellationToken).ConfigureAwait(false);
        return new NodeFacts(EthereumQuantity.Parse(head["number"]), head["hash"].GetString(), genesis["hash"].GetString());
    }

    private static async Task<NodeReply> BlockAsync(JsonRpcClient rpc, string block, CancellationToken cancellationToken) =>
        new(await rpc.CallAsync("eth_getBlockByNumber", [block, false], cancellationToken).ConfigureAwait(false), $"eth_getBlockByNumber({block})");
}

/// <summary>
/// Beacon facts from the standard Beacon API: the head header's slot and root (<c>/eth/v1/beacon/headers/head</c>) and
/// the genesis validators root (<c>/eth/v1/beacon/genesis</c>), which Lighthouse serves.
/// </summary>
/// <param name="apiPort">The container port of the Beacon API.</param>
internal sealed class BeaconNodeFacts(int apiPort) : INodeFactsSource
{
    public int RpcPort => apiPort;

    public async Task<NodeFacts> ReadAsync(Uri rpcAddress, IServiceProvider services, CancellationToken cancellationToken)
    {
        var http = BitcoinNodeFacts.NodeRpc(services);
        var head = await GetDataAsync(http, rpcAddress, "eth/v1/beacon/headers/head", cancellationToken).ConfigureAwait(false);
        var genesis = await GetDataAsync(http, rpcAddress, "eth/v1/beacon/genesis", cancellationToken).ConfigureAwait(false);
        return new NodeFacts(head["header"]["message"]["slot"].GetDecimalString(), head["root"].GetString(), genesis["genesis_validators_root"].GetString());
    }

    private static async Task<NodeReply> GetDataAsync(HttpClient http, Uri baseAddress, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, path), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return new NodeReply(document.RootElement.Clone(), path)["data"];
    }
}
