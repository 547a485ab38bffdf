using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting;

/// <summary>
/// The non-root user and group a container runs as. The local run passes them to the container runtime
/// (<c>--user</c>); the Kubernetes publisher turns them into <c>runAsUser</c>, <c>runAsGroup</c> and <c>fsGroup</c>.
/// </summary>
/// <param name="UserId">The numeric user id; never 0.</param>
/// <param name="GroupId">The numeric group id; never 0.</param>
internal sealed record ContainerUserAnnotation(int UserId, int GroupId) : IResourceAnnotation;
