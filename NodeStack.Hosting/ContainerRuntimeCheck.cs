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
    private IReadOnlyList<(IResource Container, string State)> _containersLeftOut = [];

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
            await LeaveOutUnpullableAsync(@event.Model.Resources, containers, runtime.Name, cancellationToken).ConfigureAwait(false);
            return;
        }

        var projects = @event.Model.Resources.OfType<ProjectResource>().Select(project => project.Name);
        LogRuntimeNotRunning(
            logger,
            runtime.Name,
            string.Join(", ", containers.Select(container => container.Name)),
            string.Join(", ", projects));
        foreach (var container in containers)
        {
            // DCP waits a minute for each named volume without a runtime and then gives up on every container.
            foreach (var volume in container.Annotations.OfType<ContainerMountAnnotation>().Where(IsNamedVolume).ToList())
            {
                container.Annotations.Remove(volume);
            }
        }

        LeaveOut(@event.Model.Resources, containers, KnownResourceStates.RuntimeUnhealthy);
    }

    /// <summary>One warning per image that cannot be pulled, naming its containers and the fixes; those containers are left out.</summary>
    private async Task LeaveOutUnpullableAsync(IList<IResource> resources, IReadOnlyList<IResource> containers, string runtimeName, CancellationToken cancellationToken)
    {
        var byImage = containers
            .Select(container => (Container: container, Image: container.TryGetContainerImageName(out var image) ? image : null))
            .Where(c => c.Image is not null)
            .GroupBy(c => c.Image!, c => c.Container, StringComparer.Ordinal)
            .ToList();
        var executable = runtimeName.ToLowerInvariant();
        var results = await Task.WhenAll(byImage.Select(image => ContainerImagePull.EnsureAsync(executable, image.Key, cancellationToken))).ConfigureAwait(false);
        var leftOut = new List<IResource>();
        foreach (var (image, result) in byImage.Zip(results).Where(pair => pair.Second.Failure is not null))
        {
            LogImageNotPullable(logger, image.Key, result.Failure!, string.Join(", ", image.Select(c => c.Name)), executable, ContainerImageRegistry.SettingKey);
            leftOut.AddRange(image);
        }

        if (leftOut.Count > 0)
        {
            LeaveOut(resources, leftOut, KnownResourceStates.FailedToStart);
        }
    }

    private async Task ShowContainersLeftOutAsync(AfterResourcesCreatedEvent @event, CancellationToken cancellationToken)
    {
        var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var (container, state) in _containersLeftOut)
        {
            await notifications.PublishUpdateAsync(container, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot(state, KnownResourceStateStyles.Error),
            }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The containers are not created (explicit start, session lifetime), and nothing waits for them: a container that
    /// reads a host endpoint would otherwise wait forever for Aspire's container tunnel, and with it the start of every
    /// later hosted service, such as the sync state poller.
    /// </summary>
    private void LeaveOut(IEnumerable<IResource> resources, IReadOnlyCollection<IResource> containers, string state)
    {
        foreach (var container in containers)
        {
            container.Annotations.Add(new ExplicitStartupAnnotation());
            foreach (var lifetime in container.Annotations.OfType<ContainerLifetimeAnnotation>().ToList())
            {
                container.Annotations.Remove(lifetime);
            }
        }

        foreach (var resource in resources)
        {
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(wait => containers.Contains(wait.Resource)).ToList())
            {
                resource.Annotations.Remove(wait);
            }
        }

        _containersLeftOut = [.. _containersLeftOut, .. containers.Select(container => (container, state))];
    }

    private static bool IsNamedVolume(ContainerMountAnnotation mount) =>
        mount.Type == ContainerMountType.Volume && !string.IsNullOrEmpty(mount.Source);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Runtime} is not running: NodeStack's containers ({Containers}) cannot start. Start it and run the AppHost again. " +
        "Until then this run creates none of them (they show as RuntimeUnhealthy) and no named volume, and starts what " +
        "needs no container: the dashboard, {Projects} (nothing waits for a container) and the node sync states, which " +
        "report the nodes unreachable.")]
    private static partial void LogRuntimeNotRunning(ILogger logger, string runtime, string containers, string projects);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Image {Image} could not be pulled ({Reason}), so {Containers} cannot start (shown as FailedToStart; nothing waits for them). " +
        "Fix: on a machine with network access run `{Runtime} pull {Image}` and `{Runtime} save {Image} -o image.tar`, then here " +
        "`{Runtime} load -i image.tar`; or set {RegistrySetting} to a registry mirror that has it (docs/troubleshooting.md). " +
        "Then run the AppHost again.")]
    private static partial void LogImageNotPullable(ILogger logger, string image, string reason, string containers, string runtime, string registrySetting);
}
