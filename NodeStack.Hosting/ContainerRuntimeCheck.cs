using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Aspire.Hosting.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// ASPIRECONTAINERRUNTIME001: IContainerRuntimeResolver is experimental in Aspire 13; it is the runtime (Docker or
// Podman, configured or detected) that DCP itself uses, so asking it is the only check that agrees with DCP.
#pragma warning disable ASPIRECONTAINERRUNTIME001

namespace NodeStack.Hosting;

/// <summary>
/// Checks at startup (run mode) that the container runtime answers. When it does not, it says so in one warning that
/// names the runtime and every container that cannot start, and shapes the run so that everything that needs no
/// container comes up instead of the whole start waiting, silently, for containers that never come:
/// <list type="bullet">
/// <item>Containers are not created at all (explicit start, session lifetime) and show the state DCP gives them
/// without a runtime, <c>RuntimeUnhealthy</c>. A container that reads a host endpoint (Prometheus scraping a
/// project, Fluent Bit sending to the dashboard) would otherwise wait forever for Aspire's container tunnel, and
/// with it the start of every later hosted service, such as the sync state poller.</item>
/// <item>Named volumes are left out of this run: DCP waits a minute for each to be created and then gives up on
/// every container, failing the start.</item>
/// <item>Projects and executables no longer wait for containers, so the exporter serves <c>bitcoin_up 0</c> and the
/// sync states report the nodes unreachable.</item>
/// </list>
/// It subscribes when the application starts, after the integrations' own <see cref="BeforeStartEvent"/> handlers
/// (Fluent Bit records the node log volumes it mounts there), so it sees and changes the finished model.
/// </summary>
internal sealed partial class ContainerRuntimeCheck(
    IContainerRuntimeResolver runtimeResolver,
    ILogger<ContainerRuntimeCheck> logger) : IDistributedApplicationEventingSubscriber
{
    private IReadOnlyList<IResource> _containersLeftOut = [];

    /// <inheritdoc />
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>(CheckAsync);
            eventing.Subscribe<AfterResourcesCreatedEvent>(ShowContainersLeftOutAsync);
        }

        return Task.CompletedTask;
    }

    private async Task CheckAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        var containers = @event.Model.Resources.Where(resource => resource.IsContainer()).ToList();
        if (containers.Count == 0)
        {
            return;
        }

        var runtime = await runtimeResolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
        if (await runtime.CheckIfRunningAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var projects = @event.Model.Resources.OfType<ProjectResource>().Select(project => project.Name);
        LogRuntimeNotRunning(
            logger,
            runtime.Name,
            string.Join(", ", containers.Select(container => container.Name)),
            string.Join(", ", projects));
        RunWithoutContainers(@event.Model.Resources, containers);
        _containersLeftOut = containers;
    }

    private async Task ShowContainersLeftOutAsync(AfterResourcesCreatedEvent @event, CancellationToken cancellationToken)
    {
        var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var container in _containersLeftOut)
        {
            await notifications.PublishUpdateAsync(container, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.RuntimeUnhealthy, KnownResourceStateStyles.Error),
            }).ConfigureAwait(false);
        }
    }

    private static void RunWithoutContainers(IEnumerable<IResource> resources, IReadOnlyCollection<IResource> containers)
    {
        foreach (var container in containers)
        {
            container.Annotations.Add(new ExplicitStartupAnnotation());
            foreach (var lifetime in container.Annotations.OfType<ContainerLifetimeAnnotation>().ToList())
            {
                container.Annotations.Remove(lifetime);
            }

            foreach (var volume in container.Annotations.OfType<ContainerMountAnnotation>().Where(IsNamedVolume).ToList())
            {
                container.Annotations.Remove(volume);
            }
        }

        foreach (var resource in resources.Where(resource => !resource.IsContainer()))
        {
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(wait => wait.Resource.IsContainer()).ToList())
            {
                resource.Annotations.Remove(wait);
            }
        }
    }

    private static bool IsNamedVolume(ContainerMountAnnotation mount) =>
        mount.Type == ContainerMountType.Volume && !string.IsNullOrEmpty(mount.Source);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Runtime} is not running: NodeStack's containers ({Containers}) cannot start. Start it and run the AppHost again. " +
        "Until then this run creates none of them (they show as RuntimeUnhealthy) and no named volume, and starts what " +
        "needs no container: the dashboard, {Projects} (nothing waits for a container) and the node sync states, which " +
        "report the nodes unreachable.")]
    private static partial void LogRuntimeNotRunning(ILogger logger, string runtime, string containers, string projects);
}
