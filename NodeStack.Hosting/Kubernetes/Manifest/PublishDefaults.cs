using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// What a resource's pod gets when the model does not say: .NET projects get the conventions of NodeStack.ServiceDefaults
/// and the SDK's container images; containers must say (their images differ too much to guess).
/// </summary>
internal static class PublishDefaults
{
    /// <summary>The <c>app</c> user of the .NET SDK's container images.</summary>
    public const long DotNetAppUserId = 1654;

    public static KubernetesSecurityAnnotation Security(IResource resource) =>
        resource.Annotations.OfType<KubernetesSecurityAnnotation>().LastOrDefault()
        ?? (resource is ProjectResource
            ? new KubernetesSecurityAnnotation(DotNetAppUserId, DotNetAppUserId, ReadOnlyRootFilesystem: true, WritablePaths: ["/tmp"])
            : throw Missing(resource, "security settings", "WithKubernetesSecurity(userId, groupId, readOnlyRootFilesystem, writablePaths)"));

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
