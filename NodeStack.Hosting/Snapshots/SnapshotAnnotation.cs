using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Snapshots;

/// <summary>Marks a container resource as a node whose data volume can be snapshotted, with its chain and how to read its facts.</summary>
/// <param name="DataDirectory">Where the node keeps its data in the container; a named volume must be mounted there.</param>
/// <param name="Chain">The chain family: <c>bitcoin</c> or <c>ethereum</c>.</param>
/// <param name="Network">The network, such as <c>regtest</c>.</param>
/// <param name="Facts">Reads height and hashes over RPC; null for none.</param>
internal sealed record SnapshotAnnotation(string DataDirectory, string Chain, string Network, INodeFactsSource? Facts) : IResourceAnnotation
{
    /// <summary>The grace period a node gets to stop when nothing else says: Kubernetes' StatefulSet default in NodeStack.</summary>
    public static readonly TimeSpan DefaultShutdownGracePeriod = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The node as snapshots see it: its data volume (the named volume mounted at <see cref="DataDirectory"/>), its image
    /// and tag, and its shutdown grace period (the one it has on Kubernetes, so both runtimes stop it alike).
    /// </summary>
    public SnapshotNode Describe(ContainerResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var volume = resource.Annotations.OfType<ContainerMountAnnotation>()
            .LastOrDefault(m => m.Type == ContainerMountType.Volume && m.Target == DataDirectory && !string.IsNullOrEmpty(m.Source))
            ?? throw new SnapshotException($"{resource.Name} keeps no named volume at {DataDirectory}, so it has nothing to snapshot: give it a data volume (WithDataVolume).");
        var image = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
            ?? throw new SnapshotException($"{resource.Name} has no container image.");
        var grace = KubernetesPodAnnotation.IsPublished(resource) ? KubernetesPodAnnotation.PodOf(resource).TerminationGracePeriod : DefaultShutdownGracePeriod;
        var repository = string.IsNullOrEmpty(image.Registry) ? image.Image : $"{image.Registry}/{image.Image}";
        return new SnapshotNode(resource.Name, volume.Source!, DataDirectory, repository, image.Tag ?? "latest", Chain, Network, grace, Facts);
    }
}
