using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Bitcoin;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// Runs the real AppHost here, where no container can start (there is no container runtime): the node containers
/// end up unhealthy, and everything NodeStack runs itself must stay up and say so.
/// </summary>
public class AppHostRunTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_container_runtime_the_apphost_runs_reports_its_nodes_unreachable_and_keeps_the_exporter_healthy()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            // Do not wait for a container runtime that will never come.
            ["--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00"],
            (options, _) => options.DisableDashboard = false,
            Cancel);
        WithoutContainerRuntime(builder);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(WaitTimeout);

        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        var geth = await notifications.WaitForResourceAsync("geth-sync", e => e.Snapshot.State?.Text == "Unreachable", timeout.Token);
        var bitcoin = await notifications.WaitForResourceAsync("bitcoin-sync", e => e.Snapshot.State?.Text == "Unreachable", timeout.Token);
        await notifications.WaitForResourceHealthyAsync("bitcoin-exporter", timeout.Token);
        using var exporter = app.CreateHttpClient("bitcoin-exporter", "http");
        using var alive = await exporter.GetAsync(new Uri("/alive", UriKind.Relative), timeout.Token);
        await notifications.WaitForResourceAsync("aspire-dashboard", [KnownResourceStates.Running], timeout.Token);

        Assert.Equal(KnownResourceStateStyles.Error, geth.Snapshot.State!.Style);
        Assert.StartsWith("geth is ", Detail(geth), StringComparison.Ordinal);
        Assert.StartsWith("bitcoin is ", Detail(bitcoin), StringComparison.Ordinal);
        Assert.True(alive.IsSuccessStatusCode);
    }

    private static void WithoutContainerRuntime(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources)
        {
            // Named volumes never become ready without a container runtime, and DCP then holds the whole start.
            foreach (var mount in resource.Annotations.OfType<ContainerMountAnnotation>().ToList())
            {
                resource.Annotations.Remove(mount);
            }
        }

        var exporter = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "bitcoin-exporter");
        // The exporter rightly waits for a healthy node; with no node possible here, that wait is removed to show
        // the exporter itself runs healthy while its node is unreachable.
        exporter.Annotations.Remove(exporter.Annotations.OfType<WaitAnnotation>().Single(w => w.Resource is BitcoinCoreResource));
        // Without an OTLP endpoint to send to, shutdown does not wait for the exporter's telemetry to flush.
        exporter.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
    }

    private static string Detail(ResourceEvent e) =>
        (string)e.Snapshot.Properties.Single(p => p.Name == "nodestack.sync.detail").Value!;
}
