using System.Globalization;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Parameters;
using NodeStack.Hosting.Secrets;
using NodeStack.Hosting.Sync;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds geth to the application model and configures it.</summary>
public static partial class GethBuilderExtensions
{
    /// <summary>
    /// The JSON-RPC namespaces served over HTTP and WebSocket: reading the chain, sending transactions, the
    /// mempool. Never admin, debug or personal, which control the node.
    /// </summary>
    public const string RpcApis = "eth,net,web3,txpool";

    // Each block "Mine blocks" asks of a timed geth --dev takes one block period: this bounds one run.
    private static readonly TimeSpan MineBlocksTimeBudget = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Adds a geth node (<see cref="EthereumContainerImageTags"/>) following <paramref name="network"/>, with endpoints
    /// <c>http</c> (8545), <c>ws</c> (8546), <c>metrics</c> (6060), <c>authrpc</c> (8551), <c>p2p</c> (30303/tcp) and
    /// <c>discovery</c> (30303/udp). RPC serves <see cref="RpcApis"/> only, without CORS, to the host names
    /// <c>localhost</c> and <paramref name="name"/> (on Kubernetes, its Service's DNS names). It runs as the non-root
    /// <see cref="ContainerUserBuilderExtensions.NodeUser"/>, which owns <c>/data</c>. geth also logs to a rotated file in its data directory, is
    /// healthy when RPC answers, is scraped by Prometheus (labelled <c>chain="ethereum"</c> and its network), shows its sync state, and offers "Check sync".
    /// On <see cref="EthereumNetwork.Dev"/> it runs <c>geth --dev</c> (5 s blocks by default) with "Mine blocks".
    /// On a public network it gets a persistent container (<c>WithLifetime</c> changes that) and a generated Engine API
    /// JWT secret (parameter <c>{name}-jwt-secret</c>, kept in the AppHost's user secrets and delivered as a file; a
    /// configured value that is not 64 hex digits stops the AppHost at once).
    /// </summary>
    /// <remarks>
    /// Since the Merge, geth follows a public network only together with a consensus client: add one with
    /// <see cref="LighthouseBuilderExtensions.AddLighthouse"/>. Without one the run warns at startup.
    /// </remarks>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; projects referencing it receive <c>ConnectionStrings__{name}</c>.</param>
    /// <param name="network">The chain to follow. Defaults to <see cref="EthereumNetwork.Dev"/>.</param>
    public static IResourceBuilder<GethResource> AddGeth(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        EthereumNetwork network = EthereumNetwork.Dev)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var geth = new GethResource(name, network);
        var healthCheckKey = $"{name}_rpc_check";
        builder.Services.AddNodeRpcHttpClient();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new NodeRpcHealthCheck(name, "eth_blockNumber", _ => ValueTask.FromResult(EthereumRpc.CreateClient(geth.HttpEndpoint, services))),
            failureStatus: null,
            tags: null));

        var resource = builder.AddResource(geth)
            .WithImage(EthereumContainerImageTags.GethImage, EthereumContainerImageTags.GethTag)
            .WithImageRegistry(EthereumContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: 8545, name: GethResource.HttpEndpointName)
            .WithEndpoint(targetPort: 8546, name: GethResource.WebSocketEndpointName, scheme: "ws")
            .WithHttpEndpoint(targetPort: 6060, name: GethResource.MetricsEndpointName)
            .WithHttpEndpoint(targetPort: 8551, name: GethResource.AuthRpcEndpointName)
            .WithEndpoint(targetPort: 30303, name: GethResource.P2pEndpointName, scheme: "tcp")
            // UDP cannot go through Aspire's proxy, so discovery is published directly.
            .WithEndpoint(targetPort: 30303, name: GethResource.DiscoveryEndpointName, scheme: "udp", protocol: ProtocolType.Udp, isProxied: false)
            .WithArgs(context => AddArguments(context, geth))
            .WithContainerUser(ContainerUserBuilderExtensions.NodeUser, ContainerUserBuilderExtensions.NodeUser)
            .WithDirectoryForContainerUser(GethResource.DataDirectory)
            .WithHealthCheck(healthCheckKey)
            .WithPrometheusScrape(GethResource.MetricsEndpointName, GethResource.MetricsPath)
            .WithNodeScrapeLabels(ScrapeLabels.Ethereum, network.FlagName())
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Geth, GethResource.LogFilePath))
            .WithNodeSyncState((services, _) => ValueTask.FromResult<INodeSyncStateReader?>(
                EthereumRpc.CreateClient(geth.HttpEndpoint, services) is { } rpc ? new EthereumSyncStateReader(rpc) : null));
        resource.PublishAsKubernetesPod(pod => GethKubernetes.Shape(pod, geth));

        if (!network.IsPublic())
        {
            return WithDevMineBlocksCommand(resource);
        }

        var jwtSecret = builder.AddParameter($"{name}-jwt-secret", new JwtSecretParameterDefault(), secret: true, persist: true)
            .WithValueCheck(JwtSecretParameterDefault.AllowedValues, JwtSecretParameterDefault.FindProblem);
        geth.JwtSecret = jwtSecret.Resource;
        resource.WithSecretFile(jwtSecret.Resource, GethResource.JwtSecretPath);
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            if (geth.ConsensusClient is null)
            {
                LogNoConsensusClient(@event.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GethBuilderExtensions).FullName!),
                    name, network.FlagName());
            }

            return Task.CompletedTask;
        });
        return resource.WithLifetime(ContainerLifetime.Persistent);
    }

    /// <summary>Keeps the chain in a named volume mounted at <c>/data</c>, geth's data directory (and its log files).</summary>
    /// <param name="builder">The geth resource.</param>
    /// <param name="name">The volume name. Defaults to a name derived from the AppHost and the resource.</param>
    public static IResourceBuilder<GethResource> WithDataVolume(this IResourceBuilder<GethResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), GethResource.DataDirectory);
    }

    /// <summary>
    /// Sets the dev chain's block period (<c>--dev.period</c>): a block every <paramref name="seconds"/> seconds, or
    /// only when a transaction arrives for 0. Ignored on public networks.
    /// </summary>
    /// <param name="builder">The geth resource.</param>
    /// <param name="seconds">Seconds between blocks, 0 or more.</param>
    public static IResourceBuilder<GethResource> WithDevBlockPeriod(this IResourceBuilder<GethResource> builder, int seconds)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        builder.Resource.DevBlockPeriodSeconds = seconds;
        // "Mine blocks" depends on the period: its description, its maximum and how long a block may take.
        return builder.Resource.Network.IsPublic() ? builder : WithDevMineBlocksCommand(builder);
    }

    /// <summary>
    /// Sets the memory geth gives its caches (<c>--cache</c>) to <paramref name="megabytes"/> MB, or to the network's default
    /// (256 on dev, 2048 on Sepolia and Hoodi, 4096 on mainnet) for null. It must stay within a third of the geth
    /// container's memory limit.
    /// </summary>
    /// <param name="builder">The geth resource.</param>
    /// <param name="megabytes">The cache in MB, or null for the network's default.</param>
    public static IResourceBuilder<GethResource> WithCache(this IResourceBuilder<GethResource> builder, int? megabytes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (megabytes is { } value && !GethCache.Fits(builder.Resource.Network, value))
        {
            throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, $"The --cache must be {GethCache.AllowedValues(builder.Resource.Network)}.");
        }

        builder.Resource.CacheMegabytes = megabytes;
        return builder;
    }

    /// <summary>
    /// The most blocks one "Mine blocks" may ask of <c>geth --dev</c> with <paramref name="blockPeriodSeconds"/>: as many
    /// as it seals on demand (period 0), or as many timed blocks as come in about two minutes, since each transfer
    /// waits for the next one.
    /// </summary>
    public static int MineBlocksMaxCount(int blockPeriodSeconds) =>
        blockPeriodSeconds == 0 ? MineBlocksCommand.MaxCount : Math.Max(1, (int)(MineBlocksTimeBudget.TotalSeconds / blockPeriodSeconds));

    private static void AddArguments(CommandLineArgsCallbackContext context, GethResource geth)
    {
        var args = context.Args;
        // The names clients reach geth by: its container alias locally, its Service's DNS names on Kubernetes.
        var hosts = ReferenceExpression.Create($"localhost,{new ServiceHostNames(geth)}");
        args.Add($"--datadir={GethResource.DataDirectory}");
        if (geth.Network.IsPublic())
        {
            args.Add($"--{geth.Network.FlagName()}");
            args.Add($"--authrpc.jwtsecret={GethResource.JwtSecretPath}");
        }
        else
        {
            args.Add("--dev");
            args.Add(Invariant($"--dev.period={geth.DevBlockPeriodSeconds}"));
        }

        args.Add(Invariant($"--cache={geth.CacheMegabytes ?? GethCache.DefaultMegabytes(geth.Network)}"));
        args.Add("--http");
        args.Add("--http.addr=0.0.0.0");
        args.Add("--http.port=8545");
        args.Add($"--http.api={RpcApis}");
        args.Add(ReferenceExpression.Create($"--http.vhosts={hosts}"));
        args.Add("--ws");
        args.Add("--ws.addr=0.0.0.0");
        args.Add("--ws.port=8546");
        args.Add($"--ws.api={RpcApis}");
        args.Add("--authrpc.addr=0.0.0.0");
        args.Add("--authrpc.port=8551");
        args.Add(ReferenceExpression.Create($"--authrpc.vhosts={hosts}"));
        args.Add("--metrics");
        args.Add("--metrics.addr=0.0.0.0");
        args.Add("--metrics.port=6060");
        args.Add("--port=30303");
        args.Add($"--log.file={GethResource.LogFilePath}");
        args.Add("--log.rotate");
        args.Add("--log.maxsize=100");
        args.Add("--log.maxbackups=5");
        args.Add("--log.compress");
    }

    private static IResourceBuilder<GethResource> WithDevMineBlocksCommand(IResourceBuilder<GethResource> builder)
    {
        var geth = builder.Resource;
        var period = geth.DevBlockPeriodSeconds;
        var maxCount = MineBlocksMaxCount(period);
        var description = period == 0
            ? "Sends zero-value self-transfers from the dev account; geth --dev seals each in a block of its own at once."
            : Invariant($"geth --dev already seals a block every {period} s. This sends zero-value self-transfers from the dev account, each sealed in the next timed block: about {period} s per block, at most {maxCount} per run.");
        return builder.WithMineBlocksCommand(description, maxCount,
            (services, _) => ValueTask.FromResult(EthereumRpc.CreateClient(geth.HttpEndpoint, services)),
            (rpc, count, ct) => AdvanceAsync(rpc, geth, count, ct));
    }

    private static async Task<string> AdvanceAsync(JsonRpcClient rpc, GethResource geth, int count, CancellationToken cancellationToken)
    {
        // A transfer waits up to one block period for its block, on top of the usual minute.
        var advancer = new EthereumBlockAdvancer(rpc) { ReceiptTimeout = TimeSpan.FromSeconds(60 + geth.DevBlockPeriodSeconds) };
        var mined = await advancer.AdvanceAsync(count, cancellationToken).ConfigureAwait(false);
        var others = mined.OtherBlocks == 0 ? "" : Invariant($", including {mined.OtherBlocks} block(s) the chain sealed meanwhile without them");
        return Invariant($"Mined {mined.Count} block(s) on {geth.Name} with self-transfers; height went from {mined.StartHeight} to {mined.Height}{others}.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Geth} follows {Network} without a consensus client and will not sync past the Merge: add one with AddLighthouse(name, {Geth}).")]
    private static partial void LogNoConsensusClient(ILogger logger, string geth, string network);
}
