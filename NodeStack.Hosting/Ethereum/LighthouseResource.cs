using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Ethereum;

/// <summary>A Lighthouse beacon node (consensus client) driving a <see cref="GethResource"/> over the Engine API.</summary>
/// <param name="name">The resource name.</param>
/// <param name="executionClient">The geth it drives.</param>
/// <param name="checkpointSyncUrl">The checkpoint sync URL parameter.</param>
public sealed class LighthouseResource(string name, GethResource executionClient, ParameterResource checkpointSyncUrl) : ContainerResource(name)
{
    /// <summary>The beacon node HTTP API endpoint (5052).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The metrics endpoint (5054), Prometheus format at <c>/metrics</c>.</summary>
    public const string MetricsEndpointName = "metrics";

    /// <summary>The peer-to-peer endpoint (9000/tcp).</summary>
    public const string P2pEndpointName = "p2p";

    /// <summary>The discovery endpoint (9000/udp).</summary>
    public const string DiscoveryEndpointName = "discovery";

    /// <summary>The QUIC endpoint (9001/udp): Lighthouse's second libp2p transport, on by default at <c>--port</c> + 1.</summary>
    public const string QuicEndpointName = "quic";

    /// <summary>The data directory inside the container.</summary>
    public const string DataDirectory = "/data";

    /// <summary>
    /// Lighthouse's log files: it rotates them daily as <c>beacon.YYYY-MM-DD.log</c> in its log directory, so this
    /// is a glob (Fluent Bit's tail input accepts one).
    /// </summary>
    public const string LogFilePattern = DataDirectory + "/logs/beacon*.log";

    private EndpointReference? _httpEndpoint;

    /// <summary>The geth this beacon node drives.</summary>
    public GethResource ExecutionClient { get; } = executionClient;

    /// <summary>The checkpoint sync URL Lighthouse starts from.</summary>
    public ParameterResource CheckpointSyncUrl { get; } = checkpointSyncUrl;

    /// <summary>The beacon node HTTP API endpoint.</summary>
    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, HttpEndpointName);
}
