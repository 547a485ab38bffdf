using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// A label Prometheus adds to every series it scrapes from the resource, such as <c>network="regtest"</c>.
/// Alert rules and dashboards rely on the labels named in <see cref="ScrapeLabels"/>.
/// </summary>
/// <param name="Name">The label name.</param>
/// <param name="Value">The label value.</param>
internal sealed record PrometheusScrapeLabelAnnotation(string Name, string Value) : IResourceAnnotation;

/// <summary>The target labels NodeStack's alert rules and dashboards read.</summary>
internal static class ScrapeLabels
{
    /// <summary>
    /// The node's network: <c>dev</c> (geth --dev), <c>regtest</c>, or a public network such as <c>sepolia</c>,
    /// <c>mainnet</c>, <c>testnet4</c> or <c>signet</c>. Peer and stall alerts only fire on public networks; a target
    /// without this label counts as local.
    /// </summary>
    public const string Network = "network";

    /// <summary>The chain a target belongs to: <see cref="Bitcoin"/> or <see cref="Ethereum"/>.</summary>
    public const string Chain = "chain";

    /// <summary>The <see cref="Chain"/> value of Bitcoin targets.</summary>
    public const string Bitcoin = "bitcoin";

    /// <summary>The <see cref="Chain"/> value of Ethereum targets.</summary>
    public const string Ethereum = "ethereum";

    /// <summary>The networks on which a node is expected to be alone and idle.</summary>
    public static IReadOnlySet<string> LocalNetworks { get; } = new HashSet<string>(StringComparer.Ordinal) { "dev", "regtest" };
}
