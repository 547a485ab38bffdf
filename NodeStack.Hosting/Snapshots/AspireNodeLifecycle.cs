using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Stops and starts a node the AppHost runs: the engine stops the container with the node's own grace period (DCP's
/// stop would use its own), the AppHost sees it exit, and the AppHost's start command brings it back, so the dashboard,
/// health checks and sync state follow the node as after any restart.
/// </summary>
internal sealed class AspireNodeLifecycle(DockerEngineClient docker, IServiceProvider services, IResource resource) : INodeLifecycle
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    public async Task StopAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken)
    {
        await docker.StopAsync(container.Id, node.ShutdownGracePeriod, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StateTimeout);
        try
        {
            await services.GetRequiredService<ResourceNotificationService>()
                .WaitForResourceAsync(resource.Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The container is stopped either way; the dashboard just has not caught up yet.
        }
    }

    public async Task StartAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new SnapshotException($"{node.Name} could not be started again: {result.Message}. Start it from the dashboard.");
        }
    }
}
