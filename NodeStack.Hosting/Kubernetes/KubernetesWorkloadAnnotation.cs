using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>The shape a resource takes on Kubernetes.</summary>
public enum KubernetesWorkloadKind
{
    /// <summary>A Deployment: stateless, no persistent volumes.</summary>
    Deployment,

    /// <summary>A StatefulSet whose named volumes become retained PersistentVolumeClaims.</summary>
    StatefulSet,

    /// <summary>A DaemonSet: one pod per node, such as a log shipper.</summary>
    DaemonSet,
}

/// <summary>
/// Publishes a container or project resource to Kubernetes: the namespace it lives in, its
/// <c>app.kubernetes.io/component</c> label and its workload kind. A resource without this annotation
/// fails the publish (unless it is excluded), so nothing reaches a cluster by accident.
/// </summary>
/// <param name="Namespace">The namespace, before the configured prefix, such as <c>eth-nodes</c>.</param>
/// <param name="Component">The component label, such as <c>execution-client</c>.</param>
/// <param name="Kind">The workload kind.</param>
/// <param name="StorageSize">For a StatefulSet: the size of each volume claim, such as <c>20Gi</c>.</param>
/// <param name="DataPaths">
/// For a StatefulSet: container paths that get a volume claim on Kubernetes whether or not the local run keeps them in a
/// named volume (chain data must survive rescheduling). Named volumes get claims too.
/// </param>
/// <param name="TerminationGracePeriod">
/// How long the container may take to stop after SIGTERM before it is killed; null for
/// <see cref="DefaultTerminationGracePeriod"/>.
/// </param>
public sealed record KubernetesWorkloadAnnotation(
    string Namespace,
    string Component,
    KubernetesWorkloadKind Kind = KubernetesWorkloadKind.Deployment,
    string? StorageSize = null,
    IReadOnlyList<string>? DataPaths = null,
    TimeSpan? TerminationGracePeriod = null) : IResourceAnnotation
{
    /// <summary>The grace period a workload gets unless it says otherwise: 2 minutes for a StatefulSet, 30 seconds (Kubernetes' default) otherwise.</summary>
    public TimeSpan DefaultTerminationGracePeriod => Kind == KubernetesWorkloadKind.StatefulSet ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(30);
}

/// <summary>Keeps a resource out of the Kubernetes publish (for local-only helpers).</summary>
public sealed class KubernetesExcludedAnnotation : IResourceAnnotation;
