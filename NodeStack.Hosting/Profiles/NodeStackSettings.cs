using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;

namespace NodeStack.Hosting.Profiles;

/// <summary>The node lab's profile: which chains the nodes follow and how they store them (configuration section <c>NodeStack</c>).</summary>
/// <param name="Ethereum">The Ethereum settings (<c>NodeStack:Ethereum</c>).</param>
/// <param name="Bitcoin">The Bitcoin settings (<c>NodeStack:Bitcoin</c>).</param>
public sealed record NodeStackSettings(EthereumSettings Ethereum, BitcoinSettings Bitcoin)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "NodeStack";
}

/// <summary>The Ethereum settings.</summary>
/// <param name="Network"><c>NodeStack:Ethereum:Network</c>: dev (default), sepolia, hoodi or mainnet.</param>
/// <param name="DevBlockPeriod"><c>NodeStack:Ethereum:DevBlockPeriod</c>: seconds between dev-chain blocks, 0 for on-demand (default 5).</param>
public sealed record EthereumSettings(EthereumNetwork Network, int DevBlockPeriod);

/// <summary>The Bitcoin settings.</summary>
/// <param name="Network"><c>NodeStack:Bitcoin:Network</c>: regtest (default), signet, testnet4 or main.</param>
/// <param name="TxIndex"><c>NodeStack:Bitcoin:TxIndex</c>: keep a transaction index (default false).</param>
/// <param name="PruneMegabytes"><c>NodeStack:Bitcoin:Prune</c>: prune target in MiB (550 or more), 0 or unset for none.</param>
public sealed record BitcoinSettings(BitcoinNetwork Network, bool TxIndex, int? PruneMegabytes);
