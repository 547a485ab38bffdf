namespace NodeStack.Hosting.Bitcoin;

/// <summary>The chain a Bitcoin Core resource follows.</summary>
public enum BitcoinNetwork
{
    /// <summary>A private regression-test chain: blocks are mined on demand.</summary>
    Regtest,

    /// <summary>The default signet, a centrally signed public test network.</summary>
    Signet,

    /// <summary>Testnet4 (BIP94), the successor of the deprecated testnet3.</summary>
    Testnet4,

    /// <summary>Bitcoin mainnet.</summary>
    Main,
}

/// <summary>Ports, flags and folders of each <see cref="BitcoinNetwork"/>, as Bitcoin Core defines them.</summary>
internal static class BitcoinNetworks
{
    /// <summary>True for the public networks, whose initial sync takes hours.</summary>
    public static bool IsPublic(this BitcoinNetwork network) => network != BitcoinNetwork.Regtest;

    /// <summary>The value of Bitcoin Core's <c>-chain</c> option, which is also what <c>getblockchaininfo</c> reports.</summary>
    public static string ChainName(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => "regtest",
        BitcoinNetwork.Signet => "signet",
        BitcoinNetwork.Testnet4 => "testnet4",
        BitcoinNetwork.Main => "main",
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };

    /// <summary>Bitcoin Core's default JSON-RPC port on the network.</summary>
    public static int RpcPort(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => 18443,
        BitcoinNetwork.Signet => 38332,
        BitcoinNetwork.Testnet4 => 48332,
        BitcoinNetwork.Main => 8332,
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };

    /// <summary>Bitcoin Core's default P2P port on the network.</summary>
    public static int P2pPort(this BitcoinNetwork network) => network switch
    {
        BitcoinNetwork.Regtest => 18444,
        BitcoinNetwork.Signet => 38333,
        BitcoinNetwork.Testnet4 => 48333,
        BitcoinNetwork.Main => 8333,
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };

    /// <summary>
    /// The folder under the data directory where Bitcoin Core keeps the network's files (debug.log, blocks):
    /// empty for mainnet, the chain name otherwise.
    /// </summary>
    public static string DataSubdirectory(this BitcoinNetwork network) =>
        network == BitcoinNetwork.Main ? "" : network.ChainName();
}
