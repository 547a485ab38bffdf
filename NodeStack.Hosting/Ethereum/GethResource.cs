using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Ethereum;

/// <summary>A geth (go-ethereum) execution client container.</summary>
/// <param name="name">The resource name.</param>
/// <param name="network">The chain it follows.</param>
public sealed class GethResource(string name, EthereumNetwork network) : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The HTTP JSON-RPC endpoint (8545).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The WebSocket JSON-RPC endpoint (8546).</summary>
    public const string WebSocketEndpointName = "ws";

    /// <summary>The metrics endpoint (6060), Prometheus format at <see cref="MetricsPath"/>.</summary>
    public const string MetricsEndpointName = "metrics";

    /// <summary>The JWT-authenticated Engine API endpoint (8551) the consensus client drives geth through.</summary>
    public const string AuthRpcEndpointName = "authrpc";

    /// <summary>The peer-to-peer endpoint (30303/tcp).</summary>
    public const string P2pEndpointName = "p2p";

    /// <summary>The node discovery endpoint (30303/udp).</summary>
    public const string DiscoveryEndpointName = "discovery";

    /// <summary>Where geth serves Prometheus metrics.</summary>
    public const string MetricsPath = "/debug/metrics/prometheus";

    /// <summary>The data directory inside the container.</summary>
    public const string DataDirectory = "/data";

    /// <summary>geth's log file inside the data volume, rotated by geth itself.</summary>
    public const string LogFilePath = DataDirectory + "/logs/geth.log";

    /// <summary>Where the Engine API JWT secret file is mounted, in geth and in its consensus client.</summary>
    public const string JwtSecretPath = "/run/secrets/nodestack/jwt.hex";

    private EndpointReference? _httpEndpoint;

    /// <summary>The chain this node follows.</summary>
    public EthereumNetwork Network { get; } = network;

    /// <summary>
    /// Seconds between blocks on a dev chain (<c>--dev.period</c>); 0 mines a block only when a transaction arrives.
    /// </summary>
    public int DevBlockPeriodSeconds { get; internal set; } = 5;

    /// <summary>The Engine API JWT secret shared with the consensus client; null on a dev chain.</summary>
    public ParameterResource? JwtSecret { get; internal set; }

    /// <summary>The memory for geth's caches in MB (<c>--cache</c>), or null for <see cref="GethCache.DefaultMegabytes"/>.</summary>
    public int? CacheMegabytes { get; internal set; }

    /// <summary>The consensus client that drives geth (<c>AddLighthouse</c>); null until one is added, and on a dev chain.</summary>
    public LighthouseResource? ConsensusClient { get; internal set; }

    /// <summary>Whether geth needs a consensus client to follow its chain: on every public network since the Merge.</summary>
    public bool NeedsConsensusClient => Network.IsPublic();

    /// <summary>The HTTP JSON-RPC endpoint.</summary>
    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, HttpEndpointName);

    /// <summary>The HTTP JSON-RPC URL, <c>http://host:port</c>: what Nethereum's <c>new Web3(url)</c> takes.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{HttpEndpoint.Property(EndpointProperty.Url)}");
}
