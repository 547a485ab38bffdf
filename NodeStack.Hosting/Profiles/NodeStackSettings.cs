using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;

namespace NodeStack.Hosting.Profiles;

/// <summary>The node lab's profile: which chains the nodes follow, how they store them, and how they are monitored (configuration section <c>NodeStack</c>).</summary>
/// <param name="Ethereum">The Ethereum settings (<c>NodeStack:Ethereum</c>).</param>
/// <param name="Bitcoin">The Bitcoin settings (<c>NodeStack:Bitcoin</c>).</param>
/// <param name="Monitoring">The Prometheus and Grafana settings (<c>NodeStack:Monitoring</c>).</param>
public sealed record NodeStackSettings(EthereumSettings Ethereum, BitcoinSettings Bitcoin, MonitoringSettings Monitoring)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "NodeStack";
}

/// <summary>The Ethereum settings.</summary>
/// <param name="Network"><c>NodeStack:Ethereum:Network</c>: dev (default), sepolia, hoodi or mainnet.</param>
/// <param name="DevBlockPeriod"><c>NodeStack:Ethereum:DevBlockPeriod</c>: seconds between dev-chain blocks, 0 for on-demand (default 5).</param>
/// <param name="Lifetime">
/// The container lifetime of geth and Lighthouse: <c>NodeStack:Nodes:Lifetime</c>, or by default persistent on a
/// public network and session-scoped on dev (<see cref="NodeStackSettingsLoader.DefaultLifetime"/>).
/// </param>
/// <param name="CacheMegabytes">
/// <c>NodeStack:Ethereum:CacheMegabytes</c>: geth's <c>--cache</c> in MB (default 256 on dev, 2048 on Sepolia and Hoodi,
/// 4096 on mainnet), at most a third of the geth container's memory limit.
/// </param>
public sealed record EthereumSettings(EthereumNetwork Network, int DevBlockPeriod, ContainerLifetime Lifetime, int CacheMegabytes);

/// <summary>The Bitcoin settings.</summary>
/// <param name="Network"><c>NodeStack:Bitcoin:Network</c>: regtest (default), signet, testnet4 or main.</param>
/// <param name="TxIndex"><c>NodeStack:Bitcoin:TxIndex</c>: keep a transaction index (default false).</param>
/// <param name="PruneMegabytes"><c>NodeStack:Bitcoin:Prune</c>: prune target in MiB (550 or more), 0 or unset for none.</param>
/// <param name="Lifetime">
/// The container lifetime of Bitcoin Core: <c>NodeStack:Nodes:Lifetime</c>, or by default persistent on a public
/// network and session-scoped on regtest (<see cref="NodeStackSettingsLoader.DefaultLifetime"/>).
/// </param>
/// <param name="DbCacheMegabytes">
/// <c>NodeStack:Bitcoin:DbCacheMegabytes</c>: Bitcoin Core's <c>-dbcache</c> in MiB (default 64 on regtest, 450 on signet and
/// testnet4, 1024 on main); with the 300 MB mempool at most three quarters of the node container's memory limit.
/// </param>
public sealed record BitcoinSettings(BitcoinNetwork Network, bool TxIndex, int? PruneMegabytes, ContainerLifetime Lifetime, int DbCacheMegabytes);

/// <summary>The Prometheus and Grafana settings.</summary>
/// <param name="Retention"><c>NodeStack:Monitoring:Retention</c>: how long Prometheus keeps samples (default 15d).</param>
/// <param name="ScrapeInterval"><c>NodeStack:Monitoring:ScrapeInterval</c>: how often Prometheus scrapes and evaluates alert rules (default 15s).</param>
/// <param name="PrometheusPort"><c>NodeStack:Monitoring:PrometheusPort</c>: Prometheus' host port; null for a free one.</param>
/// <param name="GrafanaPort"><c>NodeStack:Monitoring:GrafanaPort</c>: Grafana's host port; null for a free one.</param>
public sealed record MonitoringSettings(TimeSpan Retention, TimeSpan ScrapeInterval, int? PrometheusPort, int? GrafanaPort);
