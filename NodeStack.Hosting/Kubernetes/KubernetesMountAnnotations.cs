using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>Local mounts at or below a path, with no meaning on Kubernetes (the cluster provides the same data another way).</summary>
/// <param name="Target">The container path of the mounts to leave out.</param>
public sealed record KubernetesExcludedMountAnnotation(string Target) : IResourceAnnotation;

/// <summary>
/// A secret parameter's value as a read-only file at <paramref name="FilePath"/> (for example the Engine API JWT),
/// mounted from the parameter's Secret.
/// </summary>
/// <param name="Secret">The secret parameter.</param>
/// <param name="FilePath">The absolute file path in the container.</param>
public sealed record KubernetesSecretFileAnnotation(ParameterResource Secret, string FilePath) : IResourceAnnotation;

/// <summary>
/// A read-only hostPath mount, for a node-level agent such as the log shipper. This is the one documented exception
/// to the "restricted" Pod Security Standard: its namespace is labelled <c>privileged</c> (enforce) while still
/// auditing and warning at <c>restricted</c>.
/// </summary>
/// <param name="HostPath">The node directory, such as <c>/var/log</c>.</param>
/// <param name="MountPath">Where it appears in the container.</param>
/// <param name="ReaderGroupId">
/// The group that may read the host files, added to the pod's supplemental groups so a non-root user can read them
/// (0 for the container runtime's <c>root:root 0640</c> log files); null adds none.
/// </param>
public sealed record KubernetesHostPathAnnotation(string HostPath, string MountPath, long? ReaderGroupId = null) : IResourceAnnotation;

/// <summary>
/// The command a resource's container runs on Kubernetes instead of the image's entrypoint (its arguments follow),
/// for images whose entrypoint needs root, such as one that changes file ownership before dropping privileges.
/// </summary>
/// <param name="Command">The program and any leading arguments.</param>
public sealed record KubernetesCommandAnnotation(IReadOnlyList<string> Command) : IResourceAnnotation;

/// <summary>
/// Read access to API objects for a resource's pods (the log shipper's kubernetes filter gets the pods whose logs it
/// ships): a ServiceAccount, and in its own namespace and each namespace of <paramref name="ReadFrom"/>'s resources a Role
/// allowing only <paramref name="Verbs"/> on <paramref name="Resources"/>, bound to it. Nothing is granted cluster-wide.
/// </summary>
/// <param name="ApiGroup">The API group; empty for the core group.</param>
/// <param name="Resources">The resource types, such as <c>pods</c>.</param>
/// <param name="Verbs">Read verbs only: <c>get</c>, <c>list</c>, <c>watch</c>.</param>
/// <param name="ReadFrom">The resources whose namespaces are read, evaluated when the model is published.</param>
public sealed record KubernetesApiReadAnnotation(
    string ApiGroup, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, Func<IEnumerable<IResource>> ReadFrom) : IResourceAnnotation;
