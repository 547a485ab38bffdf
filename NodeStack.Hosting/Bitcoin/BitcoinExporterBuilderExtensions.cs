using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds NodeStack's Prometheus exporter for Bitcoin Core.</summary>
public static class BitcoinExporterBuilderExtensions
{
    /// <summary>The connection name the exporter reads its node from (<c>ConnectionStrings__bitcoin</c>).</summary>
    public const string ConnectionName = "bitcoin";

    /// <summary>The endpoint path of the exporter's health check in the AppHost: liveness, <c>/alive</c>.</summary>
    public const string HealthPath = "/alive";

    /// <summary>
    /// Runs the exporter project <typeparamref name="TProject"/> (NodeStack.Exporter; the AppHost passes its
    /// generated <c>Projects.NodeStack_Exporter</c>) against <paramref name="bitcoin"/>: the node's URL with
    /// credentials arrives as <c>ConnectionStrings__bitcoin</c>, the exporter starts at once (serving
    /// <c>bitcoin_up 0</c> until the node answers), is healthy itself while it serves (<see cref="HealthPath"/>), serves <c>/metrics</c> on its <c>http</c> endpoint and is scraped by Prometheus, its series labelled with the
    /// node's chain and network (<c>chain="bitcoin"</c>, <c>network="regtest"</c>, ...).
    /// </summary>
    /// <typeparam name="TProject">The exporter project's metadata type.</typeparam>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="bitcoin">The Bitcoin Core node to export.</param>
    public static IResourceBuilder<ProjectResource> AddBitcoinExporter<TProject>(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<BitcoinCoreResource> bitcoin)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(bitcoin);
        // The endpoint is declared here rather than taken from a launch profile, so it is named "http" whatever
        // the project's launchSettings.json says; Aspire passes it to the exporter as ASPNETCORE_URLS.
        var exporter = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: "http")
            .WithReference(bitcoin, ConnectionName)
            // No WaitFor(bitcoin): the exporter starts at once and serves bitcoin_up 0 until the node answers, so a node
            // that never starts still shows in metrics instead of leaving no metrics at all.
            // Healthy means "serves /metrics", which the exporter does whatever the node does (bitcoin_up 0 when it
            // is down): what anything waiting for the exporter needs. /health reports the last collection as
            // Degraded, still HTTP 200, which would read as Healthy here anyway, and before the first scrape it is
            // Degraded, which would hold a WaitFor(exporter) until Prometheus scrapes. The node's own health shows
            // on the bitcoin resource and bitcoin-sync.
            .WithHttpHealthCheck(HealthPath)
            .WithPrometheusScrape()
            .WithNodeScrapeLabels(ScrapeLabels.Bitcoin, bitcoin.Resource.Network.ChainName());
        BitcoinExporterKubernetes.Configure(exporter);
        return exporter;
    }
}
