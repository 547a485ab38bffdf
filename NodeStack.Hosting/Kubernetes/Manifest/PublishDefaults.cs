using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>A container's resolved identity and filesystem (see <see cref="PublishDefaults.Security"/>).</summary>
/// <param name="UserId">The user the process runs as.</param>
/// <param name="GroupId">Its primary group, also the pod's fsGroup.</param>
/// <param name="ReadOnlyRootFilesystem">Whether the root filesystem is read-only.</param>
/// <param name="WritablePaths">emptyDir mount paths.</param>
/// <param name="SupplementalGroups">Extra groups, such as the group that may read a host path.</param>
internal sealed record SecurityProfile(long UserId, long GroupId, bool ReadOnlyRootFilesystem, IReadOnlyList<string> WritablePaths, IReadOnlyList<long> SupplementalGroups);

/// <summary>
/// What a resource's pod gets when its pod shape does not say: .NET projects get the conventions of
/// NodeStack.ServiceDefaults and the SDK's container images; containers must say (their images differ too much to guess).
/// </summary>
internal static class PublishDefaults
{
    /// <summary>The <c>app</c> user of the .NET SDK's container images.</summary>
    public const long DotNetAppUserId = 1654;

    /// <summary>
    /// The container's identity: the user it runs as locally (<see cref="ContainerUserAnnotation"/>), or for an image whose
    /// local user is set another way the pod's <see cref="KubernetesPod.User"/>, never both; projects run as the SDK
    /// images' <c>app</c> user with <c>/tmp</c> writable.
    /// </summary>
    public static SecurityProfile Security(IResource resource, KubernetesPod pod)
    {
        var local = resource.Annotations.OfType<ContainerUserAnnotation>().LastOrDefault();
        if (local is not null && pod.User is not null)
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' runs as {local.UserId}:{local.GroupId} (WithContainerUser) and also sets its pod's User: " +
                "the container user is declared once, so leave the pod's User unset.");
        }

        (long UserId, long GroupId) user = local is not null ? (local.UserId, local.GroupId)
            : pod.User ?? (resource is ProjectResource ? (DotNetAppUserId, DotNetAppUserId)
            : throw new InvalidOperationException(
                $"Resource '{resource.Name}' has no user to run as on Kubernetes: call WithContainerUser, or set the pod's User for an image that drops privileges itself."));
        var writable = resource is ProjectResource && pod.WritablePaths.Count == 0 ? ["/tmp"] : pod.WritablePaths.ToList();
        var readers = pod.HostPaths.Select(h => h.ReaderGroupId).OfType<long>().Distinct().Order().ToList();
        return new SecurityProfile(user.UserId, user.GroupId, pod.ReadOnlyRootFilesystem, writable, readers);
    }

    public static KubernetesResources Resources(IResource resource, KubernetesPod pod) =>
        pod.Resources
        ?? (resource is ProjectResource
            ? new KubernetesResources("50m", "128Mi", "500m", "256Mi")
            : throw Missing(resource, "resource requests and limits", "pod.WithResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit)"));

    /// <summary>Probes by type; a project's default readiness and liveness are ServiceDefaults' <c>/health</c> and <c>/alive</c>.</summary>
    public static IReadOnlyList<KubernetesProbe> Probes(IResource resource, KubernetesPod pod)
    {
        var probes = pod.Probes.Values.ToList();
        if (resource is ProjectResource && HttpEndpoint(resource) is { } http)
        {
            AddMissing(probes, new KubernetesProbe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(http, "/health")));
            AddMissing(probes, new KubernetesProbe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(http, "/alive")));
        }

        foreach (var required in new[] { KubernetesProbeType.Readiness, KubernetesProbeType.Liveness })
        {
            if (probes.All(p => p.Type != required))
            {
                throw Missing(resource, $"a {required.ToString().ToLowerInvariant()} probe", $"pod.Probe(KubernetesProbeType.{required}, ...)");
            }
        }

        return probes.OrderBy(p => p.Type).ToList();
    }

    private static string? HttpEndpoint(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http")?.Name;

    private static void AddMissing(List<KubernetesProbe> probes, KubernetesProbe probe)
    {
        if (probes.All(p => p.Type != probe.Type))
        {
            probes.Add(probe);
        }
    }

    private static InvalidOperationException Missing(IResource resource, string what, string call) =>
        new($"Resource '{resource.Name}' has no Kubernetes {what}: call {call} in PublishAsKubernetesPod.");
}
