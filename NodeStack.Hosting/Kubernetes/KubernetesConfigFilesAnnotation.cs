using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Configuration files published as a ConfigMap named <c>&lt;resource&gt;-&lt;Name&gt;</c> and mounted read-only at
/// <paramref name="MountPath"/>. <paramref name="Files"/> receives the Kubernetes addresses of the model's services,
/// so the same generator that writes the local file writes the cluster's, with only the addresses changed.
/// A local bind mount at or below <paramref name="MountPath"/> is replaced by this ConfigMap.
/// </summary>
/// <param name="Name">A short DNS-label name, such as <c>config</c>.</param>
/// <param name="MountPath">The directory the files appear in.</param>
/// <param name="Files">File name to content.</param>
public sealed record KubernetesConfigFilesAnnotation(
    string Name,
    string MountPath,
    Func<KubernetesServiceAddresses, IReadOnlyDictionary<string, string>> Files) : IResourceAnnotation;
