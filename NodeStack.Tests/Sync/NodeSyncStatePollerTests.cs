using Microsoft.Extensions.Hosting.Internal;
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
        var geth = StartPollingGeth(TestPeerProcess.FreePort());
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
    public async Task Poller_reports_a_node_that_failed_to_start_as_unreachable_without_calling_it()
    {
        var geth = StartPollingGeth(TestPeerProcess.FreePort());

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
        _poller = new NodeSyncStatePoller(
            new DistributedApplicationModel(builder.Resources), _notifications, _resourceLogs, NodeCommandRunner.Services,
            new NodeSyncStatePollerOptions { Interval = TimeSpan.FromMilliseconds(100) }, NullLogger<NodeSyncStatePoller>.Instance);
        _poller.StartAsync(_stop.Token).GetAwaiter().GetResult();
        return geth;
    }

    private Task PublishNodeStateAsync(IResource node, string state) =>
        _notifications.PublishUpdateAsync(node, snapshot => snapshot with { State = state });

    private async Task<ResourceEvent> WaitForSyncStateAsync(string stateText, long? height = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(WaitTimeout);
        return await _notifications.WaitForResourceAsync("geth-sync",
            e => e.Snapshot.State?.Text == stateText && (height is null || Equals(Property(e, "height"), height)), timeout.Token);
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
}
