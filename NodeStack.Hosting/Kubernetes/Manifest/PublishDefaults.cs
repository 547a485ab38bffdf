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
/// What a resource's pod gets when the model does not say: .NET projects get the conventions of NodeStack.ServiceDefaults
/// and the SDK's container images; containers must say (their images differ too much to guess).
/// </summary>
internal static class PublishDefaults
{
    /// <summary>The <c>app</c> user of the .NET SDK's container images.</summary>
    public const long DotNetAppUserId = 1654;

    /// <summary>
    /// The container's identity and filesystem: from <see cref="KubernetesSecurityAnnotation"/>, with the user the resource runs
    /// as locally (<see cref="ContainerUserAnnotation"/>) when it names none; the two must agree when both name one.
    /// </summary>
    public static SecurityProfile Security(IResource resource)
    {
        var declared = resource.Annotations.OfType<KubernetesSecurityAnnotation>().LastOrDefault()
            ?? (resource is ProjectResource
                ? new KubernetesSecurityAnnotation(DotNetAppUserId, DotNetAppUserId, ReadOnlyRootFilesystem: true, WritablePaths: ["/tmp"])
                : throw Missing(resource, "security settings", "WithKubernetesSecurity(userId, groupId, readOnlyRootFilesystem, writablePaths)"));
        var local = resource.Annotations.OfType<ContainerUserAnnotation>().LastOrDefault();
        if (local is not null && ((declared.UserId ?? local.UserId) != local.UserId || (declared.GroupId ?? local.GroupId) != local.GroupId))
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' runs as {local.UserId}:{local.GroupId} locally (WithContainerUser) but as " +
                $"{declared.UserId}:{declared.GroupId} on Kubernetes (WithKubernetesSecurity): use one identity, for example " +
                "WithKubernetesSecurity(readOnlyRootFilesystem, writablePaths), which takes the local one.");
        }

        var userId = declared.UserId ?? local?.UserId
            ?? throw new InvalidOperationException(
                $"Resource '{resource.Name}' has no user to run as on Kubernetes: give WithKubernetesSecurity a user and group, or call WithContainerUser.");
        var groupId = declared.GroupId ?? local?.GroupId ?? userId;
        var readers = resource.Annotations.OfType<KubernetesHostPathAnnotation>().Select(h => h.ReaderGroupId).OfType<long>().Distinct().Order().ToList();
        return new SecurityProfile(userId, groupId, declared.ReadOnlyRootFilesystem, declared.WritablePaths, readers);
    }

    public static KubernetesResourcesAnnotation Resources(IResource resource) =>
        resource.Annotations.OfType<KubernetesResourcesAnnotation>().LastOrDefault()
        ?? (resource is ProjectResource
            ? new KubernetesResourcesAnnotation("50m", "128Mi", "500m", "256Mi")
            : throw Missing(resource, "resource requests and limits", "WithKubernetesResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit)"));

    /// <summary>Probes by type; a project's default readiness and liveness are ServiceDefaults' <c>/health</c> and <c>/alive</c>.</summary>
    public static IReadOnlyList<KubernetesProbeAnnotation> Probes(IResource resource)
    {
        var probes = resource.Annotations.OfType<KubernetesProbeAnnotation>()
            .GroupBy(p => p.Type).Select(g => g.Last()).ToList();
        if (resource is ProjectResource && HttpEndpoint(resource) is { } http)
        {
            AddMissing(probes, new KubernetesProbeAnnotation(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(http, "/health")));
            AddMissing(probes, new KubernetesProbeAnnotation(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(http, "/alive")));
        }

        foreach (var required in new[] { KubernetesProbeType.Readiness, KubernetesProbeType.Liveness })
        {
            if (probes.All(p => p.Type != required))
            {
                throw Missing(resource, $"a {required.ToString().ToLowerInvariant()} probe", $"WithKubernetesProbe(KubernetesProbeType.{required}, ...)");
            }
        }

        return probes.OrderBy(p => p.Type).ToList();
    }

    private static string? HttpEndpoint(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http")?.Name;

    private static void AddMissing(List<KubernetesProbeAnnotation> probes, KubernetesProbeAnnotation probe)
    {
        if (probes.All(p => p.Type != probe.Type))
        {
            probes.Add(probe);
        }
    }

    private static InvalidOperationException Missing(IResource resource, string what, string call) =>
        new($"Resource '{resource.Name}' has no Kubernetes {what}: call {call}.");
}
