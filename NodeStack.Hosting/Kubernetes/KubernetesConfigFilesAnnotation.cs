using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Configuration files published as a ConfigMap named <c>&lt;resource&gt;-&lt;Name&gt;</c> and mounted read-only at
/// <paramref name="MountPath"/>. <paramref name="Files"/> receives the Kubernetes addresses of the model's services,
/// so the same generator that writes the local file writes the cluster's, with only the addresses changed.
/// Local container files or a bind mount at or below <paramref name="MountPath"/> are replaced by this ConfigMap.
/// </summary>
/// <param name="Name">A short DNS-label name, such as <c>config</c>.</param>
/// <param name="MountPath">The directory the files appear in.</param>
/// <param name="Files">Relative file path (sub-folders allowed, such as <c>rules/bitcoin.yml</c>) to content.</param>
public sealed record KubernetesConfigFilesAnnotation(
    string Name,
    string MountPath,
    Func<KubernetesServiceAddresses, CancellationToken, Task<IReadOnlyDictionary<string, string>>> Files) : IResourceAnnotation;
