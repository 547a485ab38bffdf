using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Tests.Exporter;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// Runs the real AppHost, unchanged, where its containers cannot run: without a container runtime, and with a running
/// Docker engine that cannot pull the images. Either way the AppHost must say why, once, and everything NodeStack runs
/// itself (the dashboard, the exporter, the sync states) must come up and report the nodes as unreachable rather than
/// wait for containers that never start.
/// </summary>
[Collection(ProcessEnvironmentGroup.Name)]
public class AppHostRunTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_container_runtime_the_apphost_names_the_runtime_and_runs_the_dashboard_exporter_and_sync_states()
    {
        // Docker's own way to choose the engine, here one that does not answer: the AppHost's check, DCP and the
        // docker CLI they run all see no runtime, as on a machine without one.
        using var noEngine = new EnvironmentVariableScope("DOCKER_HOST", "unix:///nonexistent/nodestack-no-docker-engine.sock");

        var run = await RunAppHostAsync([]);

        var warning = Assert.Single(run.Logs, m => m.StartsWith("Docker is not running", StringComparison.Ordinal));
        Assert.Contains("geth, bitcoin, prometheus, grafana, fluent-bit", warning, StringComparison.Ordinal);
        Assert.Contains("Start it and run the AppHost again", warning, StringComparison.Ordinal);
        Assert.Equal(KnownResourceStates.RuntimeUnhealthy, run.Bitcoin.Snapshot.State?.Text);
        run.AssertNodesUnreachableAndExporterServing();
    }

    [Fact]
    public async Task With_a_running_engine_that_cannot_pull_the_apphost_names_each_image_with_its_fixes_and_runs_the_rest()
    {
        await RequiredTool.DockerEngineAsync();
        // A registry that refuses connections: every pull fails at once, with or without a network, and the setting's
        // rewrite of every image is what the warnings name.
        var registry = $"127.0.0.1:{LoopbackPort.Free()}";

        var run = await RunAppHostAsync([$"--NodeStack:Images:Registry={registry}"]);

        var warnings = run.Logs.Where(m => m.StartsWith("Image ", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, warnings.Count);
        var bitcoin = Assert.Single(warnings, w => w.StartsWith($"Image {registry}/{BitcoinCoreContainerImageTags.Image}:{BitcoinCoreContainerImageTags.Tag} could not be pulled (", StringComparison.Ordinal));
        Assert.Contains("so bitcoin cannot start", bitcoin, StringComparison.Ordinal);
        Assert.Contains($"`docker pull {registry}/{BitcoinCoreContainerImageTags.Image}:{BitcoinCoreContainerImageTags.Tag}`", bitcoin, StringComparison.Ordinal);
        Assert.Contains("`docker load -i image.tar`", bitcoin, StringComparison.Ordinal);
        Assert.Contains("set NodeStack:Images:Registry to a registry mirror", bitcoin, StringComparison.Ordinal);
        Assert.All(["geth", "prometheus", "grafana", "fluent-bit"], name => Assert.Single(warnings, w => w.Contains($"so {name} cannot start", StringComparison.Ordinal)));
        Assert.Equal(KnownResourceStates.FailedToStart, run.Bitcoin.Snapshot.State?.Text);
        Assert.Equal("bitcoin is FailedToStart", run.BitcoinSyncDetail);
        run.AssertNodesUnreachableAndExporterServing();
    }

    private static async Task<AppHostRun> RunAppHostAsync(string[] arguments)
    {
        using var logs = new CapturingLoggerProvider();
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            // As under `dotnet run`: start without waiting for the container runtime (the testing builder otherwise
            // waits for it and then fails the start).
            ["--DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00", .. arguments],
            (options, _) => options.DisableDashboard = false,
            Cancel);
        builder.Services.AddLogging(logging => logging.AddProvider(logs));
        // Without an OTLP endpoint to send to, shutdown does not wait for the exporter's telemetry to flush.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == "bitcoin-exporter"))
            .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(WaitTimeout);

        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token).WaitAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var bitcoin = await notifications.WaitForResourceAsync("bitcoin", e => e.Snapshot.State?.Style == KnownResourceStateStyles.Error, timeout.Token);
        var gethSync = await notifications.WaitForResourceAsync("geth-sync", e => e.Snapshot.State?.Text == "Unreachable", timeout.Token);
        // Once it has seen the node's final state: before that it may report the state DCP gave the node first.
        var bitcoinSync = await notifications.WaitForResourceAsync(
            "bitcoin-sync", e => e.Snapshot.State?.Text == "Unreachable" && Detail(e) == $"bitcoin is {bitcoin.Snapshot.State!.Text}", timeout.Token);
        await notifications.WaitForResourceHealthyAsync("bitcoin-exporter", timeout.Token);
        await notifications.WaitForResourceAsync("aspire-dashboard", [KnownResourceStates.Running], timeout.Token);
        using var exporter = app.CreateHttpClient("bitcoin-exporter", "http");
        var metrics = ScrapedMetrics.Parse(await exporter.GetStringAsync(new Uri("/metrics", UriKind.Relative), timeout.Token));
        var health = await exporter.GetStringAsync(new Uri("/health", UriKind.Relative), timeout.Token);
        return new AppHostRun([.. logs.Messages], gethSync, bitcoinSync, bitcoin, metrics, health);
    }

    private sealed record AppHostRun(
        IReadOnlyList<string> Logs, ResourceEvent GethSync, ResourceEvent BitcoinSync, ResourceEvent Bitcoin, ScrapedMetrics Metrics, string Health)
    {
        public string BitcoinSyncDetail => Detail(BitcoinSync);

        public void AssertNodesUnreachableAndExporterServing()
        {
            Assert.Equal(KnownResourceStateStyles.Error, GethSync.Snapshot.State!.Style);
            Assert.StartsWith("geth is ", Detail(GethSync), StringComparison.Ordinal);
            Assert.StartsWith("bitcoin is ", Detail(BitcoinSync), StringComparison.Ordinal);
            Assert.Equal(0, Metrics["bitcoin_up"]);
            // The exporter is healthy (it serves); its own /health says the node is not, and why.
            Assert.StartsWith("Degraded\n", Health, StringComparison.Ordinal);
            Assert.Contains("node-collection: Degraded - ", Health, StringComparison.Ordinal);
        }

    }

    private static string Detail(ResourceEvent e) =>
        (string?)e.Snapshot.Properties.SingleOrDefault(p => p.Name == "nodestack.sync.detail")?.Value ?? "";
}
