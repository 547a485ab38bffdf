using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NodeStack.Hosting.Snapshots;

/// <summary>The "Create snapshot" and "Restore snapshot" dashboard commands and the node's "Snapshots" property.</summary>
internal static class SnapshotCommands
{
    /// <summary>The create command's name.</summary>
    public const string CreateCommandName = "create-snapshot";

    /// <summary>The restore command's name.</summary>
    public const string RestoreCommandName = "restore-snapshot";

    /// <summary>The create command's optional label argument.</summary>
    public const string LabelArgument = "label";

    /// <summary>The restore command's snapshot id argument.</summary>
    public const string IdArgument = "id";

    /// <summary>The node property that summarises its snapshots.</summary>
    public const string PropertyName = "nodestack.snapshots";

    /// <summary>
    /// Makes the node's data volume snapshottable: "Create snapshot" (optional label) and "Restore snapshot" (a snapshot
    /// id, with a confirmation), progress in the node's console log, and a "Snapshots" property. The store is
    /// <c>NodeStack:Snapshots:Path</c> (default <see cref="SnapshotStore.DefaultRoot"/>). Both stop the node gracefully
    /// for the copy and start it again.
    /// </summary>
    /// <param name="builder">The node resource; it must keep a named volume at <paramref name="annotation"/>'s data directory.</param>
    /// <param name="annotation">The node's data directory, chain, network and facts reader.</param>
    public static IResourceBuilder<T> WithSnapshots<T>(this IResourceBuilder<T> builder, SnapshotAnnotation annotation)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(annotation);
        var settings = SnapshotSettings.Load(builder.ApplicationBuilder.Configuration);
        builder.ApplicationBuilder.Services.TryAddSingleton(new SnapshotStore(settings.StorePath));
        var resource = builder.Resource;
        return builder
            .WithAnnotation(annotation, ResourceAnnotationMutationBehavior.Replace)
            .WithCommand(CreateCommandName, "Create snapshot", context => CreateAsync(context, resource, annotation), new CommandOptions
            {
                Description = "Stops the node gracefully, archives its data volume with a manifest into the snapshot store, and starts it again.",
                IconName = "Camera",
                UpdateState = WhileRunningOrStopped,
                Progress = new CommandProgressOptions { Title = "Create snapshot", Message = $"Snapshotting {resource.Name}: stopping it, archiving its data, starting it again." },
                Arguments =
                [
                    new InteractionInput { Name = LabelArgument, Label = "Label", Description = "Optional, such as 'funded-wallet'; it becomes part of the id.", InputType = InputType.Text, Required = false },
                ],
            })
            .WithCommand(RestoreCommandName, "Restore snapshot", context => RestoreAsync(context, resource, annotation), new CommandOptions
            {
                Description = "Verifies a snapshot, stops the node, replaces its data with the snapshot's, and starts it again.",
                IconName = "History",
                UpdateState = WhileRunningOrStopped,
                ConfirmationMessage = $"Replace {resource.Name}'s data with the snapshot's? Its current data is discarded once the snapshot is in place.",
                Progress = new CommandProgressOptions { Title = "Restore snapshot", Message = $"Restoring {resource.Name}: verifying, stopping it, swapping its data, starting it again." },
                Arguments =
                [
                    new InteractionInput { Name = IdArgument, Label = "Snapshot id", Description = "An id from the node's Snapshots property or the node-snapshots step.", InputType = InputType.Text, Required = true },
                ],
            })
            .OnResourceReady((node, ready, _) => PublishPropertyAsync(node, ready.Services));
    }

    /// <summary>"Snapshots: 3 (latest &lt;id&gt;, height N, &lt;time&gt;)", or "none".</summary>
    public static string Summarize(IReadOnlyList<SnapshotManifest> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return "none";
        }

        var latest = snapshots[0];
        var height = latest.Height is { } h ? string.Create(CultureInfo.InvariantCulture, $", height {h}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{snapshots.Count} (latest {latest.Id}{height}, {latest.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
    }

    private static ResourceCommandState WhileRunningOrStopped(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text is { } state && (state == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(state))
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> CreateAsync(ExecuteCommandContext context, ContainerResource resource, SnapshotAnnotation annotation)
    {
        var label = context.Arguments is { } arguments && arguments.TryGetByName(LabelArgument, out var input) && !string.IsNullOrWhiteSpace(input.Value) ? input.Value : null;
        return await RunAsync(context, resource, async transport =>
        {
            var manifest = await transport.CreateAsync(annotation.Describe(resource), label, Progress(context), context.CancellationToken).ConfigureAwait(false);
            return $"Snapshot {manifest.Id} of {resource.Name}: {SnapshotText.Describe(manifest)}.";
        }).ConfigureAwait(false);
    }

    private static async Task<ExecuteCommandResult> RestoreAsync(ExecuteCommandContext context, ContainerResource resource, SnapshotAnnotation annotation)
    {
        var id = context.Arguments is { } arguments && arguments.TryGetByName(IdArgument, out var input) ? input.Value?.Trim() : null;
        if (string.IsNullOrEmpty(id))
        {
            return CommandResults.Failure("Give the id of the snapshot to restore.");
        }

        return await RunAsync(context, resource, async transport =>
        {
            var warning = await transport.RestoreAsync(annotation.Describe(resource), id, Progress(context), context.CancellationToken).ConfigureAwait(false);
            return $"Restored {resource.Name} from snapshot {id}." + (warning is null ? "" : " Warning: " + warning);
        }).ConfigureAwait(false);
    }

    private static async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, ContainerResource resource, Func<LocalSnapshotTransport, Task<string>> action)
    {
        using var docker = DockerEngineClient.FromEnvironment();
        var transport = new LocalSnapshotTransport(docker, context.Services.GetRequiredService<SnapshotStore>(),
            new AspireNodeLifecycle(docker, context.Services, resource), context.Services);
        try
        {
            var message = await action(transport).ConfigureAwait(false);
            SnapshotLog.Progress(context.Logger, message);
            return CommandResults.Success(message);
        }
        catch (SnapshotException e)
        {
            SnapshotLog.Failed(context.Logger, e.Message);
            return CommandResults.Failure(e.Message);
        }
        finally
        {
            await PublishPropertyAsync(resource, context.Services).ConfigureAwait(false);
        }
    }

    private static LoggerProgress Progress(ExecuteCommandContext context) => new(context.Logger);

    private static Task PublishPropertyAsync(IResource resource, IServiceProvider services)
    {
        string summary;
        try
        {
            summary = Summarize(services.GetRequiredService<SnapshotStore>().List(resource.Name));
        }
        catch (Exception e) when (e is SnapshotException or IOException or UnauthorizedAccessException)
        {
            summary = "unreadable: " + e.Message;
        }

        return services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, snapshot => snapshot with
        {
            Properties = [.. snapshot.Properties.Where(p => p.Name != PropertyName), new ResourcePropertySnapshot(PropertyName, summary) { DisplayName = "Snapshots" }],
        });
    }
}
