using Aspire.Hosting;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// The snapshot pipeline steps, for when the AppHost is not running: the engine stops and starts the node's container
/// itself. A failure throws <see cref="SnapshotException"/>, whose message is the step's one-line reason.
/// </summary>
internal sealed class SnapshotPipelineSteps(SnapshotSettings settings)
{
    public Task SnapshotAsync(PipelineStepContext context) => SnapshotStepFailure.RunAsync(context, SnapshotCoreAsync);

    private async Task SnapshotCoreAsync(PipelineStepContext context)
    {
        var (resource, annotation) = RequireNode(context, SnapshotBuilderExtensions.SnapshotStep);
        using var docker = DockerEngineClient.FromEnvironment();
        var manifest = await Transport(docker, context).CreateAsync(annotation.Describe(resource), settings.Label, Progress(context), context.CancellationToken).ConfigureAwait(false);
        await Succeed(context, $"Snapshot {manifest.Id} of {resource.Name}: {SnapshotText.Describe(manifest)}", context.CancellationToken).ConfigureAwait(false);
        context.Summary.Add("Snapshot", manifest.Id);
    }

    public Task RestoreAsync(PipelineStepContext context) => SnapshotStepFailure.RunAsync(context, RestoreCoreAsync);

    private async Task RestoreCoreAsync(PipelineStepContext context)
    {
        var (resource, annotation) = RequireNode(context, SnapshotBuilderExtensions.RestoreStep);
        var id = settings.Id ?? throw new SnapshotException(
            $"{SnapshotBuilderExtensions.RestoreStep} needs the snapshot: --{SnapshotSettings.IdSetting}=<id> (the {SnapshotBuilderExtensions.ListStep} step lists them).");
        using var docker = DockerEngineClient.FromEnvironment();
        var warning = await Transport(docker, context).RestoreAsync(annotation.Describe(resource), id, Progress(context), context.CancellationToken).ConfigureAwait(false);
        if (warning is not null)
        {
            await Warn(context, $"Restored {resource.Name} from {id}. {warning}", context.CancellationToken).ConfigureAwait(false);
            return;
        }

        await Succeed(context, $"Restored {resource.Name} from {id}", context.CancellationToken).ConfigureAwait(false);
    }

    public Task ListAsync(PipelineStepContext context) => SnapshotStepFailure.RunAsync(context, ListCoreAsync);

    private async Task ListCoreAsync(PipelineStepContext context)
    {
        var store = new SnapshotStore(settings.StorePath);
        var nodes = settings.Node is null ? Nodes(context).Select(n => n.Resource) : [RequireNode(context, SnapshotBuilderExtensions.ListStep).Resource];
        var count = 0;
        foreach (var node in nodes)
        {
            foreach (var manifest in store.List(node.Name))
            {
                var description = SnapshotText.Describe(manifest);
                SnapshotLog.Listed(context.Logger, manifest.Id, description);
                count++;
            }
        }

        await Succeed(context, string.Create(CultureInfo.InvariantCulture, $"{count} snapshot(s) in {store.Root}"), context.CancellationToken).ConfigureAwait(false);
    }

    // The result goes to the console log too: a step run with `dotnet run` shows only the log.
    private static async Task Succeed(PipelineStepContext context, string message, CancellationToken cancellationToken)
    {
        SnapshotLog.Progress(context.Logger, message);
        await context.ReportingStep.SucceedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static async Task Warn(PipelineStepContext context, string message, CancellationToken cancellationToken)
    {
        SnapshotLog.Warning(context.Logger, message);
        await context.ReportingStep.WarnAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private LocalSnapshotTransport Transport(DockerEngineClient docker, PipelineStepContext context) =>
        new(docker, new SnapshotStore(settings.StorePath), new DockerNodeLifecycle(docker), context.Services);

    private static LoggerProgress Progress(PipelineStepContext context) => new(context.Logger);

    private (ContainerResource Resource, SnapshotAnnotation Annotation) RequireNode(PipelineStepContext context, string step)
    {
        var nodes = Nodes(context);
        var names = string.Join(", ", nodes.Select(n => n.Resource.Name));
        if (settings.Node is null)
        {
            throw new SnapshotException($"{step} needs the node: --{SnapshotSettings.NodeSetting}=<{names}>.");
        }

        return nodes.FirstOrDefault(n => n.Resource.Name == settings.Node) is { Resource: not null } found
            ? found
            : throw new SnapshotException($"{SnapshotSettings.NodeSetting} = '{settings.Node}' is not a node with snapshots. Known nodes: {names}.");
    }

    private static List<(ContainerResource Resource, SnapshotAnnotation Annotation)> Nodes(PipelineStepContext context) =>
        [.. context.Model.Resources.OfType<ContainerResource>()
            .Select(r => (Resource: r, Annotation: r.Annotations.OfType<SnapshotAnnotation>().LastOrDefault()))
            .Where(n => n.Annotation is not null)
            .Select(n => (n.Resource, n.Annotation!))];
}
