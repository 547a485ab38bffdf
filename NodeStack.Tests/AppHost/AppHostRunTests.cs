using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeStack.Tests.Exporter;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// Runs the real AppHost, unchanged, here, where no container runtime is running (as on the development machine and
/// in CI): the AppHost must say so, and everything NodeStack runs itself must come up and report the nodes as
/// unreachable rather than wait for containers that never start.
/// </summary>
public class AppHostRunTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_container_runtime_the_apphost_names_the_runtime_and_runs_the_dashboard_exporter_and_sync_states()
    {
        using var logs = new CapturingLoggerProvider();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            // As under `dotnet run`: start without waiting for the container runtime (the testing builder otherwise
            // waits for it and then fails the start).
            ["--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00"],
            (options, _) => options.DisableDashboard = false,
            Cancel);
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        // Without an OTLP endpoint to send to, shutdown does not wait for the exporter's telemetry to flush.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "bitcoin-exporter"))
            .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(WaitTimeout);

        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var geth = await notifications.WaitForResourceAsync("geth-sync", e => e.Snapshot.State?.Text == "Unreachable", timeout.Token);
        var bitcoin = await notifications.WaitForResourceAsync("bitcoin-sync", e => e.Snapshot.State?.Text == "Unreachable", timeout.Token);
        await notifications.WaitForResourceHealthyAsync("bitcoin-exporter", timeout.Token);
        await notifications.WaitForResourceAsync("aspire-dashboard", [KnownResourceStates.Running], timeout.Token);
        using var exporter = app.CreateHttpClient("bitcoin-exporter", "http");
        var metrics = ScrapedMetrics.Parse(await exporter.GetStringAsync(new Uri("/metrics", UriKind.Relative), timeout.Token));
        var health = await exporter.GetStringAsync(new Uri("/health", UriKind.Relative), timeout.Token);

        var warning = Assert.Single(logs.Messages, m => m.StartsWith("Docker is not running", StringComparison.Ordinal));
        Assert.Contains("geth, bitcoin, prometheus, grafana, fluent-bit", warning, StringComparison.Ordinal);
        Assert.Contains("Start it and run the AppHost again", warning, StringComparison.Ordinal);
        Assert.Equal(KnownResourceStateStyles.Error, geth.Snapshot.State!.Style);
        Assert.StartsWith("geth is ", Detail(geth), StringComparison.Ordinal);
        Assert.StartsWith("bitcoin is ", Detail(bitcoin), StringComparison.Ordinal);
        Assert.Equal(0, metrics["bitcoin_up"]);
        // The exporter is healthy (it serves); its own /health says the node is not, and why.
        Assert.StartsWith("Degraded\n", health, StringComparison.Ordinal);
        Assert.Contains("node-collection: Degraded - ", health, StringComparison.Ordinal);
    }

    private static string Detail(ResourceEvent e) =>
        (string)e.Snapshot.Properties.Single(p => p.Name == "nodestack.sync.detail").Value!;
}
