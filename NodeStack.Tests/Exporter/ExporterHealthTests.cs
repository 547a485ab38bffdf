using System.Net;
using System.Text;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>/health: the last collection's state with the fault that made it Degraded, never a failing status.</summary>
public sealed class ExporterHealthTests
{
    [Fact]
    public async Task Health_says_Degraded_with_the_last_collections_fault_then_Healthy_once_the_node_answers()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);
        node.Fault = SimulatedFault.ServiceUnavailable;
        await exporter.ScrapeAsync();

        var degraded = await HealthAsync(exporter);
        node.Fault = SimulatedFault.None;
        await exporter.ScrapeAsync();
        var healthy = await HealthAsync(exporter);

        Assert.Equal(
            "Degraded\nself: Healthy\nnode-collection: Degraded - The last collection failed: http_status: the node answered HTTP 503 ServiceUnavailable\n",
            degraded);
        Assert.Equal("Healthy\nself: Healthy\nnode-collection: Healthy - The last collection succeeded.\n", healthy);
    }

    [Fact]
    public async Task Health_before_the_first_scrape_says_no_collection_has_run_yet()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        var health = await HealthAsync(exporter);

        Assert.Equal("Degraded\nself: Healthy\nnode-collection: Degraded - No collection has run yet (the first scrape starts one).\n", health);
    }

    [Theory]
    [InlineData(SimulatedFault.Unauthorized, "unauthorized: the node rejected the RPC credentials (HTTP 401)")]
    [InlineData(SimulatedFault.Forbidden, "unauthorized: the node refused a method (HTTP 403): check rpcwhitelist allows every method the exporter calls")]
    [InlineData(SimulatedFault.DropConnection, "connection: the connection to the node failed")]
    public async Task Health_names_the_fault_but_never_the_credentials(SimulatedFault fault, string expectedFault)
    {
        const string password = "Sup3r-Secret-RPC-Passw0rd";
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Password = password;
        await using var exporter = await ExporterHost.StartAsync(node);
        node.Fault = fault;
        await exporter.ScrapeAsync();

        var health = await HealthAsync(exporter);

        Assert.StartsWith("Degraded\n", health, StringComparison.Ordinal);
        Assert.Contains("node-collection: Degraded - The last collection failed: " + expectedFault, health, StringComparison.Ordinal);
        Assert.DoesNotContain(password, health, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.User}:{password}")), health, StringComparison.Ordinal);
    }

    private static async Task<string> HealthAsync(ExporterHost exporter)
    {
        using var response = await exporter.Http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        // Degraded still answers 200: a node outage must not get the exporter restarted.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
