using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinExporterModelTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exporter_receives_the_node_as_ConnectionStrings_bitcoin_and_starts_without_waiting_for_it()
    {
        var builder = ModelBuilders.Run(("Parameters:node-rpc-password", "pw"));
        var bitcoin = builder.AddBitcoinCore("node");
        var exporter = builder.AddBitcoinExporter<ExporterProject>("bitcoin-exporter", bitcoin).Resource;
        ModelEvaluation.AllocateEndpoints(bitcoin.Resource);
        ModelEvaluation.AllocateEndpoints(exporter);

        var env = await ModelEvaluation.EnvAsync(exporter, DistributedApplicationOperation.Run);

        Assert.Equal(await bitcoin.Resource.ConnectionStringExpression.GetValueAsync(Cancel), env["ConnectionStrings__bitcoin"]);
        // It serves bitcoin_up 0 until the node answers.
        Assert.Empty(exporter.Annotations.OfType<WaitAnnotation>());
    }

    [Fact]
    public void Exporter_serves_metrics_on_its_http_endpoint_for_prometheus()
    {
        var builder = ModelBuilders.Run();
        var exporter = builder.AddBitcoinExporter<ExporterProject>("bitcoin-exporter", builder.AddBitcoinCore("bitcoin")).Resource;

        Assert.Equal("http", ModelEvaluation.Endpoint(exporter, "http").UriScheme);
        Assert.Equal(new PrometheusScrapeAnnotation("http", "/metrics", "bitcoin-exporter"), exporter.Annotations.OfType<PrometheusScrapeAnnotation>().Single());
    }
}
