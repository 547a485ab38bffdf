using System.Globalization;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// geth's memory for its caches (<c>--cache</c>, MB) per network, sized to the container's memory limit
/// (<see cref="GethKubernetes.Sizing"/>; the local run passes the same value). Without <c>--cache</c>, geth takes 1024 MB,
/// bumps it to 4096 on mainnet, and caps it at a third of the memory it sees (the host's, not the container's), so
/// NodeStack always passes it.
/// </summary>
internal static class GethCache
{
    /// <summary>The smallest cache NodeStack passes (geth gives its database 16 MB even when asked for less).</summary>
    public const int MinimumMegabytes = 16;

    /// <summary>The cache when <c>NodeStack:Ethereum:CacheMegabytes</c> is not set: small on dev, sized on public networks.</summary>
    /// <param name="network">The chain.</param>
    public static int DefaultMegabytes(EthereumNetwork network) => network switch
    {
        EthereumNetwork.Dev => 256,
        EthereumNetwork.Mainnet => 4096,
        _ => 2048,
    };

    /// <summary>
    /// The largest cache that fits the container: a third of its memory limit, the share geth itself allows its caches of
    /// the memory it sees (its "Sanitizing cache to Go's GC limits"); the rest is the Go heap, the state being synced and peers.
    /// </summary>
    /// <param name="network">The chain.</param>
    public static int MaximumMegabytes(EthereumNetwork network) => GethKubernetes.Sizing(network).MemoryLimitMebibytes / 3;

    /// <summary>Whether <paramref name="megabytes"/> fits the geth container on <paramref name="network"/>.</summary>
    /// <param name="network">The chain.</param>
    /// <param name="megabytes">The cache in MB.</param>
    public static bool Fits(EthereumNetwork network, int megabytes) => megabytes >= MinimumMegabytes && megabytes <= MaximumMegabytes(network);

    /// <summary>The allowed range on <paramref name="network"/> and why, for messages.</summary>
    /// <param name="network">The chain.</param>
    public static string AllowedValues(EthereumNetwork network) => string.Create(CultureInfo.InvariantCulture,
        $"{MinimumMegabytes} to {MaximumMegabytes(network)} MB (a third of the {network.FlagName()} geth container's memory limit of {GethKubernetes.Sizing(network).MemoryLimit})");
}
