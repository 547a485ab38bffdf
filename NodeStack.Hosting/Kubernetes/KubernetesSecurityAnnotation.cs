using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The fixed identity and filesystem of a resource's container: it runs as <paramref name="UserId"/>:<paramref name="GroupId"/>,
/// volumes are group-owned by <paramref name="GroupId"/> (fsGroup) so they are writable, and with a read-only root
/// filesystem only <paramref name="WritablePaths"/> (emptyDir volumes) and data volumes can be written.
/// Null ids mean the identity the resource runs as locally (<see cref="ContainerUserAnnotation"/>), so both runtimes agree.
/// </summary>
/// <param name="UserId">The numeric user the image's process runs as; must be non-zero. Null: the local run's user.</param>
/// <param name="GroupId">The numeric group, also used as fsGroup. Null: the local run's group.</param>
/// <param name="ReadOnlyRootFilesystem">Whether the image works with a read-only root filesystem.</param>
/// <param name="WritablePaths">Absolute paths that get an emptyDir volume, such as <c>/tmp</c>.</param>
public sealed record KubernetesSecurityAnnotation(
    long? UserId,
    long? GroupId,
    bool ReadOnlyRootFilesystem,
    IReadOnlyList<string> WritablePaths) : IResourceAnnotation;
