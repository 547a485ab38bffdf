using System.Globalization;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// Bitcoin Core's UTXO database cache (<c>-dbcache</c>, MiB) per network, sized to the container's memory limit
/// (<see cref="BitcoinCoreKubernetes.Sizing"/>; the local run passes the same value). Bitcoin Core 31 raised its own default
/// from 450 to 1024 MiB on hosts with at least 4 GiB of RAM, judged by the host's memory, not the container's, so NodeStack
/// always passes <c>-dbcache</c>.
/// </summary>
internal static class BitcoinDbCache
{
    /// <summary>Bitcoin Core's smallest <c>-dbcache</c> (MIN_DB_CACHE, 4 MiB).</summary>
    public const int MinimumMegabytes = 4;

    /// <summary>Bitcoin Core's default mempool limit (<c>-maxmempool</c>, 300 MB), which shares the container's memory.</summary>
    public const int MempoolMegabytes = 300;

    /// <summary>The cache when <c>NodeStack:Bitcoin:DbCacheMegabytes</c> is not set: small on regtest, sized on public networks.</summary>
    /// <param name="network">The chain.</param>
    public static int DefaultMegabytes(BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => 64,
        BitcoinNetwork.Main => 1024,
        _ => 450,
    };

    /// <summary>
    /// The largest cache that fits the container: with the mempool, at most three quarters of the memory limit (Bitcoin
    /// Core 31 warns about a cache above 75% of RAM; the rest is for LevelDB, the block index, peers and the wallet).
    /// </summary>
    /// <param name="network">The chain.</param>
    public static int MaximumMegabytes(BitcoinNetwork network) =>
        BitcoinCoreKubernetes.Sizing(network).MemoryLimitMebibytes * 3 / 4 - MempoolMegabytes;

    /// <summary>Whether <paramref name="megabytes"/> fits the node container on <paramref name="network"/>.</summary>
    /// <param name="network">The chain.</param>
    /// <param name="megabytes">The cache in MiB.</param>
    public static bool Fits(BitcoinNetwork network, int megabytes) => megabytes >= MinimumMegabytes && megabytes <= MaximumMegabytes(network);

    /// <summary>The allowed range on <paramref name="network"/> and why, for messages.</summary>
    /// <param name="network">The chain.</param>
    public static string AllowedValues(BitcoinNetwork network) => string.Create(CultureInfo.InvariantCulture,
        $"{MinimumMegabytes} to {MaximumMegabytes(network)} MiB (with the {MempoolMegabytes} MB mempool, within three quarters of the {network.ChainName()} node container's memory limit of {BitcoinCoreKubernetes.Sizing(network).MemoryLimit})");
}
