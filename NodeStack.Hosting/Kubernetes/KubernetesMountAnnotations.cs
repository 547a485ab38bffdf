using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>A local mount with no meaning on Kubernetes (the cluster provides the same data another way).</summary>
/// <param name="Target">The container path of the mount to leave out.</param>
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
public sealed record KubernetesHostPathAnnotation(string HostPath, string MountPath) : IResourceAnnotation;

/// <summary>
/// Read access to cluster objects for a resource's pods (the log shipper's kubernetes filter reads pods and namespaces):
/// a ServiceAccount with a ClusterRole limited to get, list and watch.
/// </summary>
/// <param name="ApiGroup">The API group; empty for the core group.</param>
/// <param name="Resources">The resource types, such as <c>pods</c>.</param>
public sealed record KubernetesApiReadAnnotation(string ApiGroup, IReadOnlyList<string> Resources) : IResourceAnnotation;
