using NodeStack.Hosting.Bitcoin;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// The real AppHost's <c>bitcoin-exporter</c> project resource serves the node it is pointed at on its <c>http</c>
/// endpoint. No bitcoind container can run here, so the test points the exporter at the Bitcoin Core simulator.
/// </summary>
public sealed class ExporterInAppHostTests
{
    [Fact]
    public async Task AppHost_runs_the_exporter_on_its_http_endpoint_against_the_node_in_its_bitcoin_connection_string()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            // As under `dotnet run`: start without waiting for a container runtime to initialize.
            ["--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00"], cancellation);
        var exporter = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "bitcoin-exporter");
        builder.CreateResourceBuilder(exporter).WithEnvironment(context =>
        {
            // The connection string the bitcoin resource hands over, pointed at the simulator instead: the same
            // variable, so the exporter reads its node exactly as it does in the composed AppHost.
            context.EnvironmentVariables["ConnectionStrings__" + BitcoinExporterBuilderExtensions.ConnectionName] = node.UrlWithCredentials;
            // Without an OTLP collector to talk to, shutdown would wait for the exporter's OTLP retries.
            context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        });
        await using var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation).WaitAsync(TimeSpan.FromMinutes(3), cancellation);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("bitcoin-exporter", cancellation).WaitAsync(TimeSpan.FromMinutes(3), cancellation);

        using var http = app.CreateHttpClient("bitcoin-exporter", "http");
        var metrics = ScrapedMetrics.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellation));

        var chain = node.Result("getblockchaininfo");
        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.Equal(chain["blocks"]!.GetValue<long>(), metrics["bitcoin_blocks"]);
        Assert.Equal(chain["headers"]!.GetValue<long>(), metrics["bitcoin_headers"]);
        Assert.Equal(node.Result("getnetworkinfo")["connections"]!.GetValue<long>(), metrics["bitcoin_peers"]);
        Assert.True(node.CallsOf("getblockchaininfo") > 0, "The simulator was never asked: the exporter scraped another node.");
    }
}
