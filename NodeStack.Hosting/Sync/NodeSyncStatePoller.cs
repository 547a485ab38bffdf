using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// Polls every node that carries a <see cref="NodeSyncStateAnnotation"/> and publishes its sync state on the
/// node's <see cref="NodeSyncStateResource"/>. A node fault becomes a state ("Unreachable"), never an exception;
/// a change of status is logged once to the state resource's console, not on every poll.
/// </summary>
public sealed partial class NodeSyncStatePoller(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IServiceProvider services,
    NodeSyncStatePollerOptions options,
    ILogger<NodeSyncStatePoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<IResource, string?> _nodeStates = new();
    private readonly ConcurrentDictionary<IResource, NodeSyncStatus> _lastStatus = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var targets = model.Resources
            .Select(node => (Node: node, Sync: node.Annotations.OfType<NodeSyncStateAnnotation>().LastOrDefault()))
            .Where(target => target.Sync is not null)
            .Select(target => (target.Node, Sync: target.Sync!))
            .ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var watching = TrackNodeStatesAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Interval);
        try
        {
            do
            {
                await Task.WhenAll(targets.Select(target => PollAsync(target.Node, target.Sync, stoppingToken))).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping.
        }

        await watching.ConfigureAwait(false);
    }

    /// <summary>Reads one node once and publishes what it found. Public so tests can poll without a timer.</summary>
    public async Task PollAsync(IResource node, NodeSyncStateAnnotation sync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(sync);
        NodeSyncState state;
        try
        {
            state = await ReadAsync(node, sync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug in a reader must not stop the AppHost (BackgroundService failures stop the host).
            LogReaderFailed(logger, e, node.Name);
            state = NodeSyncState.Unreachable(e.Message);
        }

        await notifications.PublishUpdateAsync(sync.StateResource, snapshot => NodeSyncSnapshot.Apply(snapshot, state)).ConfigureAwait(false);
        LogTransition(node, sync.StateResource, state);
    }

    private async Task<NodeSyncState> ReadAsync(IResource node, NodeSyncStateAnnotation sync, CancellationToken cancellationToken)
    {
        var nodeState = _nodeStates.GetValueOrDefault(node);
        if (nodeState != KnownResourceStates.Running)
        {
            return IsDown(nodeState)
                ? NodeSyncState.Unreachable($"{node.Name} is {nodeState}")
                : new NodeSyncState(NodeSyncStatus.WaitingForNode, Detail: $"{node.Name} is {nodeState ?? "not started"}");
        }

        var reader = await sync.CreateReader(services, cancellationToken).ConfigureAwait(false);
        return reader is null
            ? new NodeSyncState(NodeSyncStatus.WaitingForNode, Detail: $"{node.Name} has no RPC endpoint yet")
            : await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsDown(string? nodeState) =>
        nodeState is not null && (KnownResourceStates.TerminalStates.Contains(nodeState) || nodeState == KnownResourceStates.RuntimeUnhealthy);

    private async Task TrackNodeStatesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                _nodeStates[update.Resource] = update.Snapshot.State?.Text;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping.
        }
    }

    private void LogTransition(IResource node, NodeSyncStateResource stateResource, NodeSyncState state)
    {
        var previous = _lastStatus.GetValueOrDefault(node, (NodeSyncStatus)(-1));
        if (previous == state.Status)
        {
            return;
        }

        _lastStatus[node] = state.Status;
        var summary = state.Summary;
        var dashboardLog = resourceLogs.GetLogger(stateResource);
        LogStateChanged(dashboardLog, node.Name, summary);
        LogStateChangedDebug(logger, node.Name, summary);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the sync state of {Node} failed.")]
    private static partial void LogReaderFailed(ILogger logger, Exception exception, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Node}: {Summary}")]
    private static partial void LogStateChanged(ILogger logger, string node, string summary);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync state of {Node} is now {Summary}")]
    private static partial void LogStateChangedDebug(ILogger logger, string node, string summary);
}
