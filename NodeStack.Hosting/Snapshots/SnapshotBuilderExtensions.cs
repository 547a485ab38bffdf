using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Snapshots;

namespace Aspire.Hosting;

/// <summary>Adds snapshots of chain data to the model's nodes, and the snapshot pipeline steps.</summary>
public static class SnapshotBuilderExtensions
{
    /// <summary>Snapshots a node's data volume: <c>--NodeStack:Snapshot:Node=bitcoin</c>, optionally <c>--NodeStack:Snapshot:Label=...</c>.</summary>
    public const string SnapshotStep = "node-snapshot";

    /// <summary>Restores a node from a snapshot: <c>--NodeStack:Snapshot:Node=bitcoin --NodeStack:Snapshot:Id=...</c>.</summary>
    public const string RestoreStep = "node-restore";

    /// <summary>Lists the snapshots of every node, or of <c>--NodeStack:Snapshot:Node</c>.</summary>
    public const string ListStep = "node-snapshots";

    /// <summary>
    /// Gives every geth, Lighthouse and Bitcoin Core node in the model the snapshot commands and "Snapshots" property
    /// (<see cref="SnapshotCommands.WithSnapshots{T}"/>), and adds the <c>node-snapshot</c>, <c>node-restore</c> and
    /// <c>node-snapshots</c> pipeline steps for when the AppHost is not running. Call it after adding the nodes. Run a step
    /// with <c>dotnet run --project NodeStack.AppHost -- --operation publish --step node-snapshots</c>.
    /// </summary>
    public static IDistributedApplicationBuilder AddNodeStackSnapshots(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var resource in builder.Resources.ToList())
        {
            switch (resource)
            {
                case BitcoinCoreResource bitcoin:
                    builder.CreateResourceBuilder(bitcoin).WithSnapshots(new SnapshotAnnotation(
                        BitcoinCoreContainerImageTags.DataDirectory, "bitcoin", bitcoin.Network.ChainName(), new BitcoinNodeFacts(bitcoin)));
                    break;
                case GethResource geth:
                    builder.CreateResourceBuilder(geth).WithSnapshots(new SnapshotAnnotation(
                        GethResource.DataDirectory, "ethereum", geth.Network.FlagName(), new EthereumNodeFacts(TargetPort(geth, GethResource.HttpEndpointName))));
                    break;
                case LighthouseResource lighthouse:
                    builder.CreateResourceBuilder(lighthouse).WithSnapshots(new SnapshotAnnotation(
                        LighthouseResource.DataDirectory, "ethereum", lighthouse.ExecutionClient.Network.FlagName(), new BeaconNodeFacts(TargetPort(lighthouse, LighthouseResource.HttpEndpointName))));
                    break;
            }
        }

        return builder.AddSnapshotSteps();
    }

    /// <summary>Adds the <c>node-snapshot</c>, <c>node-restore</c> and <c>node-snapshots</c> steps for the nodes that have <see cref="SnapshotCommands.WithSnapshots{T}"/>.</summary>
    public static IDistributedApplicationBuilder AddSnapshotSteps(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var steps = new SnapshotPipelineSteps(SnapshotSettings.Load(builder.Configuration));
        builder.Pipeline.AddStep(SnapshotStep, steps.SnapshotAsync);
        builder.Pipeline.AddStep(RestoreStep, steps.RestoreAsync);
        builder.Pipeline.AddStep(ListStep, steps.ListAsync);
        return builder;
    }

    private static int TargetPort(IResource resource, string endpointName) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName).TargetPort
            ?? throw new InvalidOperationException($"{resource.Name}'s {endpointName} endpoint has no container port.");
}
