using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// Polls every node that carries a <see cref="NodeSyncStateAnnotation"/> and publishes its sync state on the
/// node's <see cref="NodeSyncStateResource"/>, and its main figures on the node. A node fault becomes a state
/// ("Unreachable"), never an exception; a bug in a reader becomes "NodeStack error", logged once as an error; a
/// change of status is logged once to the state resource's console, not on every poll.
/// </summary>
internal sealed partial class NodeSyncStatePoller(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IServiceProvider services,
    NodeSyncStatePollerOptions options,
    ILogger<NodeSyncStatePoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<IResource, string?> _nodeStates = new();
    private readonly ConcurrentDictionary<IResource, NodeSyncStatus> _lastStatus = new();
    private readonly ConcurrentDictionary<IResource, bool> _figuresShown = new();

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

    /// <summary>
    /// Reads one node once and publishes what it found: the full state on its <c>{node}-sync</c> resource and, while
    /// the node runs, the main figures as properties of the node itself. Public so tests can poll without a timer.
    /// </summary>
    public async Task PollAsync(IResource node, NodeSyncStateAnnotation sync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(sync);
        var nodeState = _nodeStates.GetValueOrDefault(node);
        NodeSyncState state;
        Exception? bug = null;
        try
        {
            state = await ReadAsync(node, nodeState, sync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Readers report node faults as states, so this is a bug in NodeStack: it must neither stop the AppHost
            // (a failing BackgroundService stops the host) nor pass for the node being down.
            bug = e;
            state = NodeSyncState.InternalError(e);
        }

        await notifications.PublishUpdateAsync(sync.StateResource, snapshot => NodeSyncSnapshot.Apply(snapshot, state)).ConfigureAwait(false);
        await PublishOnNodeAsync(node, nodeState == KnownResourceStates.Running ? state : null).ConfigureAwait(false);
        LogTransition(node, sync.StateResource, state, bug);
    }

    private async Task<NodeSyncState> ReadAsync(IResource node, string? nodeState, NodeSyncStateAnnotation sync, CancellationToken cancellationToken)
    {
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

    // Only properties change, so the node's state and health reports (what WaitFor and health monitoring watch) stay
    // the container's; an unchanged snapshot is not republished. Figures are shown while the node runs and removed after.
    private async Task PublishOnNodeAsync(IResource node, NodeSyncState? state)
    {
        if (state is null && !_figuresShown.TryRemove(node, out _))
        {
            return;
        }

        if (state is not null)
        {
            _figuresShown[node] = true;
        }

        await notifications.PublishUpdateAsync(node, snapshot => NodeSyncSnapshot.ApplyToNode(snapshot, state)).ConfigureAwait(false);
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

    // Logs once per change of status, so a node that stays down (or a reader bug that persists) does not fill the logs.
    private void LogTransition(IResource node, NodeSyncStateResource stateResource, NodeSyncState state, Exception? bug)
    {
        var previous = _lastStatus.GetValueOrDefault(node, (NodeSyncStatus)(-1));
        if (previous == state.Status)
        {
            return;
        }

        _lastStatus[node] = state.Status;
        if (bug is not null)
        {
            LogReaderFailed(logger, bug, node.Name);
        }

        var summary = state.Summary;
        var dashboardLog = resourceLogs.GetLogger(stateResource);
        LogStateChanged(dashboardLog, node.Name, summary);
        LogStateChangedDebug(logger, node.Name, summary);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the sync state of {Node} failed: a bug in NodeStack, not a node fault.")]
    private static partial void LogReaderFailed(ILogger logger, Exception exception, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Node}: {Summary}")]
    private static partial void LogStateChanged(ILogger logger, string node, string summary);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sync state of {Node} is now {Summary}")]
    private static partial void LogStateChangedDebug(ILogger logger, string node, string summary);
}
