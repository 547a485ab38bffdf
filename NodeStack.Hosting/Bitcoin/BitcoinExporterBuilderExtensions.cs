using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>Adds NodeStack's Prometheus exporter for Bitcoin Core.</summary>
public static class BitcoinExporterBuilderExtensions
{
    /// <summary>The connection name the exporter reads its node from (<c>ConnectionStrings__bitcoin</c>).</summary>
    public const string ConnectionName = "bitcoin";

    /// <summary>
    /// Runs the exporter project <typeparamref name="TProject"/> (NodeStack.Exporter; the AppHost passes its
    /// generated <c>Projects.NodeStack_Exporter</c>) against <paramref name="bitcoin"/>: the node's URL with
    /// credentials arrives as <c>ConnectionStrings__bitcoin</c>, the exporter waits until the node is healthy,
    /// serves <c>/metrics</c> on its <c>http</c> endpoint and is scraped by Prometheus, its series labelled with the
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
        return builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: "http")
            .WithReference(bitcoin, ConnectionName)
            .WaitFor(bitcoin)
            .WithHttpHealthCheck("/alive")
            .WithPrometheusScrape()
            .WithNodeScrapeLabels(ScrapeLabels.Bitcoin, bitcoin.Resource.Network.ChainName());
    }
}
