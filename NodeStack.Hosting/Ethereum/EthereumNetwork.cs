namespace NodeStack.Hosting.Ethereum;

/// <summary>The chain a Geth resource follows.</summary>
public enum EthereumNetwork
{
    /// <summary>A private single-node chain (<c>geth --dev</c>): useful within seconds, no consensus client.</summary>
    Dev,

    /// <summary>The Sepolia public testnet.</summary>
    Sepolia,

    /// <summary>The Hoodi public testnet.</summary>
    Hoodi,

    /// <summary>Ethereum mainnet.</summary>
    Mainnet,
}

/// <summary>Facts about each <see cref="EthereumNetwork"/> and the chain ids nodes report.</summary>
internal static class EthereumNetworks
{
    /// <summary>Mainnet's chain id.</summary>
    public const long MainnetChainId = 1;

    /// <summary>Sepolia's chain id.</summary>
    public const long SepoliaChainId = 11155111;

    /// <summary>Hoodi's chain id.</summary>
    public const long HoodiChainId = 560048;

    /// <summary>True for the public networks, which need a consensus client and take hours to sync.</summary>
    public static bool IsPublic(this EthereumNetwork network) => network != EthereumNetwork.Dev;

    /// <summary>The network's name as geth's and Lighthouse's <c>--network</c> style flags spell it.</summary>
    public static string FlagName(this EthereumNetwork network) => network switch
    {
        EthereumNetwork.Dev => "dev",
        EthereumNetwork.Sepolia => "sepolia",
        EthereumNetwork.Hoodi => "hoodi",
        EthereumNetwork.Mainnet => "mainnet",
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };

    /// <summary>
    /// The checkpoint sync URL Lighthouse uses by default: endpoints listed by the community's checkpoint sync
    /// registry (ethPandaOps for the testnets, Sigma Prime for mainnet).
    /// </summary>
    public static string DefaultCheckpointSyncUrl(this EthereumNetwork network) => network switch
    {
        EthereumNetwork.Sepolia => "https://checkpoint-sync.sepolia.ethpandaops.io",
        EthereumNetwork.Hoodi => "https://checkpoint-sync.hoodi.ethpandaops.io",
        EthereumNetwork.Mainnet => "https://mainnet.checkpoint.sigp.io",
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, "A dev chain has no checkpoint to sync from."),
    };

    /// <summary>True for chain ids of public chains, where a node at block 0 is waiting, not synced.</summary>
    public static bool IsPublicChain(long chainId) => chainId is MainnetChainId or SepoliaChainId or HoodiChainId;

    /// <summary>A readable name for a chain id (<c>dev</c> for geth --dev and ganache's 1337, anvil's 31337).</summary>
    public static string ChainName(long chainId) => chainId switch
    {
        MainnetChainId => "mainnet",
        SepoliaChainId => "sepolia",
        HoodiChainId => "hoodi",
        1337 or 31337 => "dev",
        _ => $"chain {chainId}",
    };
}
