using NodeStack.Hosting.Monitoring;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// Stand-ins for the node resources, carrying the endpoints, scrape annotations, labels, volumes and log files the
/// real AddGeth/AddLighthouse/AddBitcoinCore/AddBitcoinExporter give them; the real ones replace these when wired.
/// </summary>
internal static class StandInNodes
{
    public static IDistributedApplicationBuilder AddAll(this IDistributedApplicationBuilder builder)
    {
        builder.AddContainer("geth", "ethereum/client-go", "v1.16.7")
            .WithHttpEndpoint(targetPort: 6060, name: "metrics")
            .WithVolume("geth-data", "/data")
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Geth, "/data/logs/geth.log"))
            .WithPrometheusScrape("metrics", "/debug/metrics/prometheus")
            .WithPrometheusScrapeLabel(ScrapeLabels.Network, "dev")
            .WithPrometheusScrapeLabel(ScrapeLabels.Chain, "ethereum");
        builder.AddContainer("lighthouse", "sigp/lighthouse", "v8.0.0")
            .WithHttpEndpoint(targetPort: 5054, name: "metrics")
            .WithVolume("lighthouse-data", "/data")
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Lighthouse, "/data/logs/beacon.log"))
            .WithPrometheusScrape("metrics")
            .WithPrometheusScrapeLabel(ScrapeLabels.Network, "sepolia")
            .WithPrometheusScrapeLabel(ScrapeLabels.Chain, "ethereum");
        builder.AddContainer("bitcoin", "bitcoin/bitcoin", "29.0")
            .WithEndpoint(targetPort: 18443, name: "rpc")
            .WithVolume("bitcoin-data", "/home/bitcoin/.bitcoin")
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Bitcoind, "/home/bitcoin/.bitcoin/regtest/debug.log"));
        builder.AddContainer("bitcoin-exporter", "nodestack/exporter", "0.1.0")
            .WithHttpEndpoint(targetPort: 9332, name: "http")
            .WithPrometheusScrape()
            .WithPrometheusScrapeLabel(ScrapeLabels.Network, "regtest")
            .WithPrometheusScrapeLabel(ScrapeLabels.Chain, "bitcoin");
        return builder;
    }
}
