using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The container image a project resource is published as, built by the .NET SDK's container support
/// (<c>dotnet publish -t:PublishContainer</c>).
/// </summary>
/// <param name="Repository">The image repository, such as <c>nodestack/bitcoin-exporter</c>.</param>
/// <param name="Tag">The pinned tag, such as <c>1.0.0</c>.</param>
public sealed record KubernetesProjectImageAnnotation(string Repository, string Tag) : IResourceAnnotation;

/// <summary>
/// The project compiles ahead of time (<c>PublishAot</c>): its container image holds a native executable on the
/// <c>runtime-deps</c> base image, which deploy can only build on Linux (with clang and zlib's development files), since
/// Native AOT does not cross-compile between operating systems.
/// </summary>
public sealed class KubernetesNativeAotAnnotation : IResourceAnnotation;
