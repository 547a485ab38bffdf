using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Parameters;
using NodeStack.Hosting.Sync;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Bitcoin Core to the application model and configures it.</summary>
public static class BitcoinCoreBuilderExtensions
{
    /// <summary>The RPC user name used when the <c>{name}-rpc-user</c> parameter is not configured.</summary>
    public const string DefaultRpcUser = "nodestack";

    /// <summary>The smallest <c>-prune</c> target Bitcoin Core accepts, in MiB.</summary>
    public const int MinimumPruneMegabytes = 550;

    private const string TxIndexWithPruneError =
        "Bitcoin Core cannot keep a transaction index (-txindex) on a pruned node (-prune): choose one.";

    // RPC answers only loopback and private ranges: the container network, the Aspire proxy's docker gateway and
    // a cluster's pod network. Nothing publishes the port beyond the host's loopback interface.
    private static readonly string[] RpcAllowedNetworks = ["127.0.0.1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>
    /// Adds a Bitcoin Core node (<see cref="BitcoinCoreContainerImageTags"/>) following <paramref name="network"/>, with JSON-RPC
    /// (endpoint <c>rpc</c>), P2P (<c>p2p</c>) and ZMQ block and transaction publishers (<c>zmq-block</c>, <c>zmq-tx</c>).
    /// RPC credentials come from the <c>{name}-rpc-user</c> parameter (default <c>nodestack</c>) and the secret
    /// <c>{name}-rpc-password</c> parameter (generated once and kept in the AppHost's user secrets); bitcoind only
    /// sees their <c>-rpcauth</c> hash, and a configured user containing ':' stops the AppHost at once. The resource is
    /// healthy when RPC answers, shows its sync state in the dashboard, offers "Check sync", and on regtest "Mine
    /// blocks". Public networks get a persistent container (<c>WithLifetime</c> changes that).
    /// The image's entrypoint makes its data directory owned by <see cref="ContainerUserBuilderExtensions.NodeUser"/>
    /// and drops to that user before starting bitcoind.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; projects referencing it receive <c>ConnectionStrings__{name}</c>.</param>
    /// <param name="network">The chain to follow. Defaults to <see cref="BitcoinNetwork.Regtest"/>.</param>
    /// <param name="rpcUser">The RPC user parameter, or null for <c>{name}-rpc-user</c>.</param>
    /// <param name="rpcPassword">The RPC password parameter, or null for a generated <c>{name}-rpc-password</c>.</param>
    public static IResourceBuilder<BitcoinCoreResource> AddBitcoinCore(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        BitcoinNetwork network = BitcoinNetwork.Regtest,
        IResourceBuilder<ParameterResource>? rpcUser = null,
        IResourceBuilder<ParameterResource>? rpcPassword = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        rpcUser ??= builder.AddParameter($"{name}-rpc-user", new FixedParameterDefault(DefaultRpcUser));
        rpcUser.WithValueCheck("a user name without ':' (bitcoind's -rpcauth separates the user from its hash with ':')",
            value => value.Contains(':', StringComparison.Ordinal) ? "it contains ':'" : null);
        // No special characters, so the password needs no escaping in URLs, shells or bitcoin.conf.
        rpcPassword ??= builder.AddParameter($"{name}-rpc-password", new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true, persist: true);

        var bitcoin = new BitcoinCoreResource(name, network, rpcUser.Resource, rpcPassword.Resource);
        var healthCheckKey = $"{name}_rpc_check";
        builder.Services.AddNodeRpcHttpClient();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new NodeRpcHealthCheck(name, "getblockchaininfo", ct => BitcoinCoreRpc.CreateClientAsync(bitcoin, services, ct)),
            failureStatus: null,
            tags: null));

        var resource = builder.AddResource(bitcoin)
            .WithImage(BitcoinCoreContainerImageTags.Image, BitcoinCoreContainerImageTags.Tag)
            .WithImageRegistry(BitcoinCoreContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: network.RpcPort(), name: BitcoinCoreResource.RpcEndpointName)
            .WithEndpoint(targetPort: network.P2pPort(), name: BitcoinCoreResource.P2pEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: BitcoinCoreResource.ZmqBlockPort, name: BitcoinCoreResource.ZmqBlockEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: BitcoinCoreResource.ZmqTxPort, name: BitcoinCoreResource.ZmqTxEndpointName, scheme: "tcp")
            .WithArgs(context => AddArguments(context, bitcoin))
            .WithEnvironment(RunAsNodeUser)
            .WithHealthCheck(healthCheckKey)
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Bitcoind, DebugLogPath(network)))
            .WithNodeSyncState(async (services, ct) =>
                await BitcoinCoreRpc.CreateClientAsync(bitcoin, services, ct).ConfigureAwait(false) is { } rpc
                    ? new BitcoinSyncStateReader(rpc)
                    : null);
        resource.PublishAsKubernetesPod(pod => BitcoinCoreKubernetes.Shape(pod, bitcoin));
        if (network.IsPublic())
        {
            resource.WithLifetime(ContainerLifetime.Persistent);
        }
        else
        {
            resource.WithMineBlocksCommand(
                "Mines blocks with generatetoaddress, paying NodeStack's regtest key (see README).",
                MineBlocksCommand.MaxCount,
                (services, ct) => BitcoinCoreRpc.CreateClientAsync(bitcoin, services, ct),
                (rpc, count, ct) => MineAsync(rpc, bitcoin, count, ct));
        }

        return resource;
    }

    /// <summary>
    /// Keeps the chain in a named volume mounted at the image's data directory (<c>/home/bitcoin/.bitcoin</c>).
    /// </summary>
    /// <param name="builder">The Bitcoin Core resource.</param>
    /// <param name="name">The volume name. Defaults to a name derived from the AppHost and the resource.</param>
    public static IResourceBuilder<BitcoinCoreResource> WithDataVolume(this IResourceBuilder<BitcoinCoreResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), BitcoinCoreContainerImageTags.DataDirectory);
    }

    /// <summary>Keeps a full transaction index (<c>-txindex</c>), so <c>getrawtransaction</c> finds any transaction.</summary>
    /// <param name="builder">The Bitcoin Core resource.</param>
    /// <param name="enabled">Whether to keep the index. Defaults to true.</param>
    public static IResourceBuilder<BitcoinCoreResource> WithTxIndex(this IResourceBuilder<BitcoinCoreResource> builder, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (enabled && builder.Resource.PruneMegabytes is not null)
        {
            throw new InvalidOperationException(TxIndexWithPruneError);
        }

        builder.Resource.TxIndex = enabled;
        return builder;
    }

    /// <summary>
    /// Prunes old blocks to keep about <paramref name="megabytes"/> MiB of them (<c>-prune</c>; at least 550).
    /// A pruned node cannot keep a transaction index.
    /// </summary>
    /// <param name="builder">The Bitcoin Core resource.</param>
    /// <param name="megabytes">The target in MiB, or null to keep every block.</param>
    public static IResourceBuilder<BitcoinCoreResource> WithPrune(this IResourceBuilder<BitcoinCoreResource> builder, int? megabytes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (megabytes is < MinimumPruneMegabytes)
        {
            throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, $"Bitcoin Core prunes to at least {MinimumPruneMegabytes} MiB.");
        }

        if (megabytes is not null && builder.Resource.TxIndex)
        {
            throw new InvalidOperationException(TxIndexWithPruneError);
        }

        builder.Resource.PruneMegabytes = megabytes;
        return builder;
    }

    /// <summary>
    /// Sets Bitcoin Core's UTXO database cache (<c>-dbcache</c>) to <paramref name="megabytes"/> MiB, or to the network's
    /// default (64 MiB on regtest, 450 on signet and testnet4, 1024 on main) for null. With the 300 MB mempool it must stay
    /// within three quarters of the node container's memory limit.
    /// </summary>
    /// <param name="builder">The Bitcoin Core resource.</param>
    /// <param name="megabytes">The cache in MiB, or null for the network's default.</param>
    public static IResourceBuilder<BitcoinCoreResource> WithDbCache(this IResourceBuilder<BitcoinCoreResource> builder, int? megabytes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (megabytes is { } value && !BitcoinDbCache.Fits(builder.Resource.Network, value))
        {
            throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, $"The -dbcache must be {BitcoinDbCache.AllowedValues(builder.Resource.Network)}.");
        }

        builder.Resource.DbCacheMegabytes = megabytes;
        return builder;
    }

    /// <summary>Makes "Mine blocks" pay <paramref name="address"/> (a regtest address of your own wallet, say).</summary>
    /// <param name="builder">The Bitcoin Core resource.</param>
    /// <param name="address">An address valid on the node's chain.</param>
    public static IResourceBuilder<BitcoinCoreResource> WithMiningAddress(this IResourceBuilder<BitcoinCoreResource> builder, string address)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        builder.Resource.MiningAddress = address;
        return builder;
    }

    /// <summary>The path of bitcoind's debug.log inside the container for <paramref name="network"/>.</summary>
    public static string DebugLogPath(BitcoinNetwork network) =>
        string.Join('/', new[] { BitcoinCoreContainerImageTags.DataDirectory, network.DataSubdirectory(), "debug.log" }.Where(part => part.Length > 0));

    private static void AddArguments(CommandLineArgsCallbackContext context, BitcoinCoreResource bitcoin)
    {
        var network = bitcoin.Network;
        var args = context.Args;
        args.Add($"-chain={network.ChainName()}");
        args.Add("-printtoconsole=1");
        args.Add("-debuglogfile=debug.log");
        args.Add("-server=1");
        args.Add(Invariant($"-dbcache={bitcoin.DbCacheMegabytes ?? BitcoinDbCache.DefaultMegabytes(network)}"));
        args.Add(Invariant($"-rpcport={network.RpcPort()}"));
        args.Add(Invariant($"-port={network.P2pPort()}"));
        args.Add("-rpcbind=0.0.0.0");
        foreach (var allowed in RpcAllowedNetworks)
        {
            args.Add($"-rpcallowip={allowed}");
        }

        args.Add(ReferenceExpression.Create($"-rpcauth={bitcoin.RpcAuth}"));
        args.Add(Invariant($"-zmqpubrawblock=tcp://0.0.0.0:{BitcoinCoreResource.ZmqBlockPort}"));
        args.Add(Invariant($"-zmqpubhashblock=tcp://0.0.0.0:{BitcoinCoreResource.ZmqBlockPort}"));
        args.Add(Invariant($"-zmqpubrawtx=tcp://0.0.0.0:{BitcoinCoreResource.ZmqTxPort}"));
        if (bitcoin.TxIndex)
        {
            args.Add("-txindex=1");
        }

        if (bitcoin.PruneMegabytes is { } prune)
        {
            args.Add(Invariant($"-prune={prune}"));
        }

        if (network == BitcoinNetwork.Regtest)
        {
            // Regtest has no fee history, so wallet sends would fail without a fallback fee.
            args.Add("-fallbackfee=0.0002");
        }
    }

    // Locally bitcoind runs as NodeStack's node user, like geth and Lighthouse, so Fluent Bit can read its owner-only
    // debug.log: the image's entrypoint (root) gives its bitcoin user that uid, chowns the data volume and drops to it.
    // On Kubernetes the pod's security context sets the user instead.
    private static void RunAsNodeUser(EnvironmentCallbackContext context)
    {
        if (context.ExecutionContext.IsRunMode)
        {
            var nodeUser = Invariant($"{ContainerUserBuilderExtensions.NodeUser}");
            context.EnvironmentVariables[BitcoinCoreContainerImageTags.UserIdVariable] = nodeUser;
            context.EnvironmentVariables[BitcoinCoreContainerImageTags.GroupIdVariable] = nodeUser;
        }
    }

    private static async Task<string> MineAsync(JsonRpcClient rpc, BitcoinCoreResource bitcoin, int count, CancellationToken cancellationToken)
    {
        var mined = await new BitcoinBlockMiner(rpc).MineAsync(count, bitcoin.MiningAddress, cancellationToken).ConfigureAwait(false);
        return Invariant($"Mined {mined.Count} block(s) to {bitcoin.MiningAddress}; height is now {mined.Height}.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
