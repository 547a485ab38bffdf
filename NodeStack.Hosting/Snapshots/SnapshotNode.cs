namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// A node as snapshots see it: where its data lives, what it runs, which chain, how long it may take to stop, and how
/// to ask it for the manifest's facts.
/// </summary>
/// <param name="Name">The resource name.</param>
/// <param name="Volume">The named volume holding its data.</param>
/// <param name="DataDirectory">Where the volume is mounted in the container, such as <c>/data</c>.</param>
/// <param name="Image">The image without its tag, such as <c>docker.io/ethereum/client-go</c>.</param>
/// <param name="Tag">The image tag.</param>
/// <param name="Chain">The chain family: <c>bitcoin</c> or <c>ethereum</c>.</param>
/// <param name="Network">The network, such as <c>regtest</c>.</param>
/// <param name="ShutdownGracePeriod">How long the node may take to stop after SIGTERM.</param>
/// <param name="Facts">Reads the node facts over RPC while the node runs; null for none.</param>
internal sealed record SnapshotNode(
    string Name,
    string Volume,
    string DataDirectory,
    string Image,
    string Tag,
    string Chain,
    string Network,
    TimeSpan ShutdownGracePeriod,
    INodeFactsSource? Facts = null)
{
    /// <summary>The image reference with its tag.</summary>
    public string ImageReference => $"{Image}:{Tag}";
}

/// <summary>The node facts a manifest records.</summary>
/// <param name="Height">The best block height (or beacon head slot).</param>
/// <param name="BestBlockHash">The best block hash (or beacon head root).</param>
/// <param name="GenesisHash">The genesis hash (or genesis validators root).</param>
internal sealed record NodeFacts(long Height, string BestBlockHash, string GenesisHash);

/// <summary>Reads a node's facts over its RPC, reached through the port the container publishes on the host.</summary>
internal interface INodeFactsSource
{
    /// <summary>The container port of the node's RPC (or Beacon API).</summary>
    int RpcPort { get; }

    /// <summary>Asks the node at <paramref name="rpcAddress"/> (such as <c>http://127.0.0.1:49153/</c>).</summary>
    Task<NodeFacts> ReadAsync(Uri rpcAddress, IServiceProvider services, CancellationToken cancellationToken);
}
