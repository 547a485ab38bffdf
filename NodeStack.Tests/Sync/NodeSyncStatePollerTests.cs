using System.Collections.Immutable;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Sync;

public sealed class NodeSyncStatePollerTests : IAsyncDisposable
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly ResourceLoggerService _resourceLogs = new();
    private readonly ResourceNotificationService _notifications;
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private NodeSyncStatePoller? _poller;

    public NodeSyncStatePollerTests() =>
        _notifications = new ResourceNotificationService(NullLogger<ResourceNotificationService>.Instance,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NodeCommandRunner.Services, _resourceLogs);

    [Fact]
    public async Task Poller_shows_waiting_for_node_until_the_node_runs_then_its_live_height()
    {
        await using var anvil = await EthereumDevPeer.StartAsync("anvil", _stop.Token);
        var geth = StartPollingGeth(anvil.Port);

        await WaitForSyncStateAsync("Waiting for node");
        await PublishNodeStateAsync(geth, KnownResourceStates.Running);
        var synced = await WaitForSyncStateAsync("Synced");
        await new EthereumBlockAdvancer(anvil.Rpc).AdvanceAsync(2, _stop.Token);
        var advanced = await WaitForSyncStateAsync("Synced", height: 2);

        Assert.Equal(KnownResourceStateStyles.Success, synced.Snapshot.State!.Style);
        Assert.Equal(0L, Property(synced, "height"));
        Assert.Equal("dev", Property(synced, "chain"));
        Assert.Equal(2L, Property(advanced, "height"));
    }

    [Fact]
    public async Task Poller_reports_a_running_node_whose_rpc_is_down_as_unreachable_and_logs_it_once()
    {
        var geth = StartPollingGeth(LoopbackPort.Free());
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var lines = WatchDashboardLogAsync("geth-sync", watching.Token);

        await PublishNodeStateAsync(geth, KnownResourceStates.Running);
        var unreachable = await WaitForSyncStateAsync("Unreachable");
        await Task.Delay(TimeSpan.FromMilliseconds(600), _stop.Token); // several more polls, all failing
        await watching.CancelAsync();

        Assert.Equal(KnownResourceStateStyles.Error, unreachable.Snapshot.State!.Style);
        Assert.False(string.IsNullOrEmpty((string?)Property(unreachable, "detail")));
        Assert.Single(await lines, line => line.Contains("Unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poller_shows_the_sync_figures_on_the_running_node_itself_without_touching_its_state_or_health()
    {
        await using var anvil = await EthereumDevPeer.StartAsync("anvil", _stop.Token);
        var geth = StartPollingGeth(anvil.Port);
        HealthReportSnapshot health = new("geth_rpc_check", HealthStatus.Healthy, null, null);

        await _notifications.PublishUpdateAsync(geth, snapshot => WithHealthReport(snapshot with { State = KnownResourceStates.Running }, health));
        var running = await WaitForNodeAsync(e => Property(e, "state") is not null);
        await PublishNodeStateAsync(geth, KnownResourceStates.Exited);
        var exited = await WaitForNodeAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Exited && Property(e, "state") is null);

        Assert.Equal(KnownResourceStates.Running, running.Snapshot.State!.Text);
        Assert.Equal([health], running.Snapshot.HealthReports);
        Assert.Equal(HealthStatus.Healthy, running.Snapshot.HealthStatus);
        Assert.Equal("Synced", Property(running, "state"));
        Assert.Equal(0L, Property(running, "height"));
        Assert.Equal(100.0, Property(running, "progress"));
        Assert.DoesNotContain(exited.Snapshot.Properties, p => p.Name.StartsWith("nodestack.sync.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poller_reports_a_reader_bug_as_a_NodeStack_error_logged_once_and_not_as_the_node_being_unreachable()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var reader = new BuggyReader(pollsToWaitFor: 3);
        var builder = ModelBuilders.Run();
        var node = builder.AddContainer("node", "example/node", "1.0").WithHttpEndpoint(targetPort: 8545)
            .WithNodeSyncState((_, _) => ValueTask.FromResult<INodeSyncStateReader?>(reader)).Resource;
        StartPolling(builder, loggers.CreateLogger<NodeSyncStatePoller>());

        await PublishNodeStateAsync(node, KnownResourceStates.Running);
        var failed = await WaitForSyncStateAsync("node-sync", "NodeStack error");
        await reader.ThirdPoll.WaitAsync(WaitTimeout, _stop.Token);

        Assert.Equal(KnownResourceStateStyles.Error, failed.Snapshot.State!.Style);
        Assert.Equal("InternalError", Property(failed, "status"));
        Assert.StartsWith("InvalidOperationException: Sequence contains no elements (a bug in NodeStack, not a node fault", (string?)Property(failed, "detail"), StringComparison.Ordinal);
        var error = Assert.Single(logs.Errors);
        Assert.StartsWith("Reading the sync state of node failed: a bug in NodeStack, not a node fault.", error, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poller_reports_a_node_that_failed_to_start_as_unreachable_without_calling_it()
    {
        var geth = StartPollingGeth(LoopbackPort.Free());

        await PublishNodeStateAsync(geth, KnownResourceStates.FailedToStart);
        var unreachable = await WaitForSyncStateAsync("Unreachable");

        Assert.Equal("geth is FailedToStart", Property(unreachable, "detail"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_poller is not null)
        {
            await _stop.CancelAsync();
            using var stopTimeout = new CancellationTokenSource(WaitTimeout);
            await _poller.StopAsync(stopTimeout.Token);
            _poller.Dispose();
        }

        _notifications.Dispose();
        _resourceLogs.Dispose();
        _stop.Dispose();
    }

    private GethResource StartPollingGeth(int rpcPort)
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGeth("geth").Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, rpcPort);
        StartPolling(builder, NullLogger<NodeSyncStatePoller>.Instance);
        return geth;
    }

    private void StartPolling(IDistributedApplicationBuilder builder, ILogger<NodeSyncStatePoller> logger)
    {
        _poller = new NodeSyncStatePoller(
            new DistributedApplicationModel(builder.Resources), _notifications, _resourceLogs, NodeCommandRunner.Services,
            new NodeSyncStatePollerOptions { Interval = TimeSpan.FromMilliseconds(100) }, logger);
        _poller.StartAsync(_stop.Token).GetAwaiter().GetResult();
    }

    // Aspire's health monitor sets HealthReports through an internal init accessor; set it the same way.
    private static CustomResourceSnapshot WithHealthReport(CustomResourceSnapshot snapshot, HealthReportSnapshot report)
    {
        var copy = snapshot with { };
        typeof(CustomResourceSnapshot).GetProperty(nameof(CustomResourceSnapshot.HealthReports))!.SetValue(copy, ImmutableArray.Create(report));
        return copy;
    }

    private Task PublishNodeStateAsync(IResource node, string state) =>
        _notifications.PublishUpdateAsync(node, snapshot => snapshot with { State = state });

    private Task<ResourceEvent> WaitForSyncStateAsync(string stateText, long? height = null) =>
        WaitForSyncStateAsync("geth-sync", stateText, height);

    private Task<ResourceEvent> WaitForSyncStateAsync(string resourceName, string stateText, long? height = null) =>
        WaitForAsync(resourceName, e => e.Snapshot.State?.Text == stateText && (height is null || Equals(Property(e, "height"), height)));

    private Task<ResourceEvent> WaitForNodeAsync(Func<ResourceEvent, bool> predicate) => WaitForAsync("geth", predicate);

    private async Task<ResourceEvent> WaitForAsync(string resourceName, Func<ResourceEvent, bool> predicate)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(WaitTimeout);
        return await _notifications.WaitForResourceAsync(resourceName, predicate, timeout.Token);
    }

    private static object? Property(ResourceEvent e, string name) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "nodestack.sync." + name)?.Value;

    private async Task<List<string>> WatchDashboardLogAsync(string resourceName, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            await foreach (var batch in _resourceLogs.WatchAsync(resourceName).WithCancellation(cancellationToken))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Watching ends with the test.
        }

        return lines;
    }

    /// <summary>A reader with a bug: it throws what NodeStack code throws by mistake, never a node fault.</summary>
    private sealed class BuggyReader(int pollsToWaitFor) : INodeSyncStateReader
    {
        private readonly TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _polls;

        /// <summary>Completes when the reader has been asked <c>pollsToWaitFor</c> times.</summary>
        public Task ThirdPoll => _polled.Task;

        public Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _polls) == pollsToWaitFor)
            {
                _polled.TrySetResult();
            }

            return Task.FromResult(new NodeSyncState(NodeSyncStatus.Synced, Height: Array.Empty<long>().First()));
        }
    }
}
