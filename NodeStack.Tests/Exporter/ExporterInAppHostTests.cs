using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Exporter;

/// <summary>The AppHost runs the exporter as the bitcoin-exporter project resource, serving on its http endpoint.</summary>
public sealed class ExporterInAppHostTests
{
    [Fact]
    public async Task AppHost_runs_the_exporter_on_its_http_endpoint_against_the_configured_node()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Bitcoin:RpcUrl=" + node.UrlWithCredentials], cancellation);
        var exporter = builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "bitcoin-exporter");
        // Without an OTLP collector to talk to, shutdown would wait for the exporter's OTLP retries.
        builder.CreateResourceBuilder(exporter).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        await using var app = await builder.BuildAsync(cancellation);
        await app.StartAsync(cancellation);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("bitcoin-exporter", cancellation).WaitAsync(TimeSpan.FromSeconds(120), cancellation);

        using var http = app.CreateHttpClient("bitcoin-exporter", "http");
        var metrics = ScrapedMetrics.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellation));

        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.Equal(893000, metrics["bitcoin_blocks"]);
    }
}
