using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Parameters;
using NodeStack.Hosting.Secrets;
using NodeStack.Hosting.Sync;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds the Lighthouse beacon node that drives geth on public networks.</summary>
public static class LighthouseBuilderExtensions
{
    /// <summary>
    /// Adds a Lighthouse beacon node (<see cref="EthereumContainerImageTags"/>) for <paramref name="geth"/>'s network,
    /// driving geth's Engine API (<c>authrpc</c>) with geth's JWT secret (as a file, never an argument). It starts
    /// from the checkpoint in the <c>{name}-checkpoint-sync-url</c> parameter (default: see
    /// <see cref="EthereumNetworks.DefaultCheckpointSyncUrl"/>; a configured value that is not an absolute http(s) URL
    /// stops the AppHost at once), starts without waiting for geth, keeps its data in a volume and a
    /// persistent container, runs as the non-root <see cref="ContainerUserBuilderExtensions.NodeUser"/> (which owns
    /// <c>/data</c> and the JWT file), and has endpoints <c>http</c> (5052, Beacon API), <c>metrics</c> (5054, scraped by
    /// Prometheus, labelled with its chain and network), <c>p2p</c> (9000/tcp), <c>discovery</c> (9000/udp) and <c>quic</c> (9001/udp). Terminal logs are
    /// uncoloured: on Kubernetes Fluent Bit parses them from the container log, where colour codes would break the parser. <see cref="GethBuilderExtensions.AddGeth"/>
    /// calls this on public networks.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="geth">The geth to drive; it must follow a public network.</param>
    public static IResourceBuilder<LighthouseResource> AddLighthouse(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<GethResource> geth)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(geth);
        var network = geth.Resource.Network;
        var jwtSecret = geth.Resource.JwtSecret;
        if (!network.IsPublic() || jwtSecret is null)
        {
            throw new InvalidOperationException($"Lighthouse follows public networks only; {geth.Resource.Name} runs a {network.FlagName()} chain.");
        }

        var checkpoint = builder.AddParameter($"{name}-checkpoint-sync-url", new FixedParameterDefault(network.DefaultCheckpointSyncUrl()))
            .WithDescription("The beacon node's checkpoint sync URL (a trusted Beacon API serving finalized states).")
            .WithValueCheck($"an absolute http or https URL of a trusted Beacon API serving finalized states, such as {network.DefaultCheckpointSyncUrl()}",
                value => IsHttpUrl(value) ? null : "it is not an absolute http or https URL");
        var lighthouse = new LighthouseResource(name, geth.Resource, checkpoint.Resource);
        geth.Resource.ConsensusClient = lighthouse;
        builder.Services.AddNodeRpcHttpClient();
        var authRpc = geth.GetEndpoint(GethResource.AuthRpcEndpointName);

        var resource = builder.AddResource(lighthouse)
            .WithImage(EthereumContainerImageTags.LighthouseImage, EthereumContainerImageTags.LighthouseTag)
            .WithImageRegistry(EthereumContainerImageTags.Registry)
            .WithEntrypoint("lighthouse")
            .WithHttpEndpoint(targetPort: 5052, name: LighthouseResource.HttpEndpointName)
            .WithHttpEndpoint(targetPort: 5054, name: LighthouseResource.MetricsEndpointName)
            .WithEndpoint(targetPort: 9000, name: LighthouseResource.P2pEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: 9000, name: LighthouseResource.DiscoveryEndpointName, scheme: "udp", protocol: ProtocolType.Udp, isProxied: false)
            .WithEndpoint(targetPort: 9001, name: LighthouseResource.QuicEndpointName, scheme: "udp", protocol: ProtocolType.Udp, isProxied: false)
            .WithArgs(
                "beacon_node",
                $"--network={network.FlagName()}",
                $"--datadir={LighthouseResource.DataDirectory}",
                ReferenceExpression.Create($"--execution-endpoint={authRpc.Property(EndpointProperty.Url)}"),
                $"--execution-jwt={GethResource.JwtSecretPath}",
                ReferenceExpression.Create($"--checkpoint-sync-url={checkpoint.Resource}"),
                "--http",
                "--http-address=0.0.0.0",
                "--http-port=5052",
                "--metrics",
                "--metrics-address=0.0.0.0",
                "--metrics-port=5054",
                "--port=9000",
                // Named rather than left to the port + 1 default, so the endpoint above and the flag cannot drift apart.
                "--quic-port=9001",
                "--disable-upnp",
                "--logfile-dir=/data/logs",
                "--logfile-max-size=100",
                "--logfile-max-number=5",
                "--logfile-debug-level=info",
                // Colour is on by default for terminal output, even when it is not a terminal; the log file has none.
                "--log-color=false")
            .WithSecretFile(jwtSecret, GethResource.JwtSecretPath)
            .WithContainerUser(ContainerUserBuilderExtensions.NodeUser, ContainerUserBuilderExtensions.NodeUser)
            .WithDirectoryForContainerUser(LighthouseResource.DataDirectory)
            .WithLifetime(ContainerLifetime.Persistent)
            .WithHttpHealthCheck("/eth/v1/node/version", endpointName: LighthouseResource.HttpEndpointName)
            .WithPrometheusScrape(LighthouseResource.MetricsEndpointName, "/metrics")
            .WithNodeScrapeLabels(ScrapeLabels.Ethereum, network.FlagName())
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Lighthouse, LighthouseResource.LogFilePattern))
            // No WaitFor(geth): Lighthouse starts (and checkpoint-syncs) on its own and retries the Engine API until geth
            // answers; lighthouse-sync says meanwhile that the execution client is offline.
            .WithNodeSyncState((services, _) => ValueTask.FromResult<INodeSyncStateReader?>(CreateReader(lighthouse, services)));
        resource.PublishAsKubernetesPod(pod => LighthouseKubernetes.Shape(pod, geth.Resource));
        return resource.WithVolume(VolumeNameGenerator.Generate(resource, "data"), LighthouseResource.DataDirectory);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;

    private static LighthouseSyncStateReader? CreateReader(LighthouseResource lighthouse, IServiceProvider services) =>
        lighthouse.HttpEndpoint.IsAllocated
            ? new LighthouseSyncStateReader(
                services.GetRequiredService<IHttpClientFactory>().CreateClient(NodeRpcHttpClient.Name),
                new Uri(lighthouse.HttpEndpoint.Url + "/"))
            : null;
}
