using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>A Bitcoin Core (bitcoind) container.</summary>
/// <param name="name">The resource name.</param>
/// <param name="network">The chain it follows.</param>
/// <param name="rpcUser">The RPC user name parameter.</param>
/// <param name="rpcPassword">The RPC password parameter (secret).</param>
public sealed class BitcoinCoreResource(string name, BitcoinNetwork network, ParameterResource rpcUser, ParameterResource rpcPassword)
    : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The JSON-RPC endpoint (HTTP).</summary>
    public const string RpcEndpointName = "rpc";

    /// <summary>The peer-to-peer endpoint.</summary>
    public const string P2pEndpointName = "p2p";

    /// <summary>The ZMQ endpoint publishing <c>rawblock</c> and <c>hashblock</c>.</summary>
    public const string ZmqBlockEndpointName = "zmq-block";

    /// <summary>The ZMQ endpoint publishing <c>rawtx</c>.</summary>
    public const string ZmqTxEndpointName = "zmq-tx";

    /// <summary>The container port of <see cref="ZmqBlockEndpointName"/>.</summary>
    public const int ZmqBlockPort = 28332;

    /// <summary>The container port of <see cref="ZmqTxEndpointName"/>.</summary>
    public const int ZmqTxPort = 28333;

    private EndpointReference? _rpcEndpoint;

    /// <summary>The chain this node follows.</summary>
    public BitcoinNetwork Network { get; } = network;

    /// <summary>The RPC user name.</summary>
    public ParameterResource RpcUser { get; } = rpcUser;

    /// <summary>The RPC password. It reaches bitcoind only as the hash in <see cref="RpcAuth"/>.</summary>
    public ParameterResource RpcPassword { get; } = rpcPassword;

    /// <summary>The <c>-rpcauth</c> line bitcoind gets instead of the password.</summary>
    internal BitcoinRpcAuthValue RpcAuth => new(this);

    /// <summary>The address "Mine blocks" pays. Defaults to <see cref="BitcoinRegtestMiningKey.Address"/>.</summary>
    public string MiningAddress { get; set; } = BitcoinRegtestMiningKey.Address;

    /// <summary>Whether bitcoind keeps a transaction index (<c>-txindex</c>).</summary>
    public bool TxIndex { get; internal set; }

    /// <summary>The prune target in MiB (<c>-prune</c>), or null for an unpruned node.</summary>
    public int? PruneMegabytes { get; internal set; }

    /// <summary>The UTXO database cache in MiB (<c>-dbcache</c>), or null for <see cref="BitcoinDbCache.DefaultMegabytes"/>.</summary>
    public int? DbCacheMegabytes { get; internal set; }

    /// <summary>The JSON-RPC endpoint.</summary>
    public EndpointReference RpcEndpoint => _rpcEndpoint ??= new(this, RpcEndpointName);

    /// <summary>
    /// <c>http://user:password@host:port</c>, the URL form Bitcoin Core's own tooling accepts; user and password are
    /// percent-encoded.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"http://{RpcUser:uri}:{RpcPassword:uri}@{RpcEndpoint.Property(EndpointProperty.HostAndPort)}");
}
