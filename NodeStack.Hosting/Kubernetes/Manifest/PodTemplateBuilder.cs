using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// The pod template of a resource: one hardened container (restricted Pod Security Standard), its ports, probes,
/// resources, args and env, and the pod's volumes.
/// </summary>
internal static class PodTemplateBuilder
{
    public static V1PodTemplateSpec Build(
        IResource resource,
        KubernetesNaming naming,
        string image,
        ContainerCommandLine commandLine,
        PodVolumes volumes,
        string? configHash)
    {
        var pod = KubernetesNaming.Pod(resource);
        var security = PublishDefaults.Security(resource, pod);
        var readsCluster = pod.ApiReads.Count > 0;
        var container = new V1Container
        {
            Name = KubernetesNaming.ObjectName(resource),
            Image = image,
            ImagePullPolicy = "IfNotPresent",
            Command = Command(resource, pod),
            Args = commandLine.Args.Count > 0 ? commandLine.Args.ToList() : null,
            Env = commandLine.Env.Count > 0 ? commandLine.Env.ToList() : null,
            Ports = ContainerPorts(resource),
            Resources = Resources(PublishDefaults.Resources(resource, pod)),
            SecurityContext = ContainerSecurity(security),
            VolumeMounts = volumes.Mounts.Count > 0 ? volumes.Mounts.ToList() : null,
        };
        foreach (var probe in PublishDefaults.Probes(resource, pod))
        {
            switch (probe.Type)
            {
                case KubernetesProbeType.Readiness:
                    container.ReadinessProbe = Probe(resource, probe);
                    break;
                case KubernetesProbeType.Liveness:
                    container.LivenessProbe = Probe(resource, probe);
                    break;
                default:
                    container.StartupProbe = Probe(resource, probe);
                    break;
            }
        }

        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Labels = naming.Labels(resource),
                Annotations = configHash is null ? null : new SortedDictionary<string, string>(StringComparer.Ordinal) { ["nodestack.io/config-hash"] = configHash },
            },
            Spec = new V1PodSpec
            {
                Containers = [container],
                Volumes = volumes.Volumes.Count > 0 ? volumes.Volumes.ToList() : null,
                SecurityContext = PodSecurity(resource, pod, security),
                AutomountServiceAccountToken = readsCluster,
                ServiceAccountName = readsCluster ? KubernetesNaming.ObjectName(resource) : null,
                EnableServiceLinks = false,
                TerminationGracePeriodSeconds = (long)pod.TerminationGracePeriod.TotalSeconds,
            },
        };
    }

    public static List<V1ContainerPort>? ContainerPorts(IResource resource)
    {
        var ports = PublishedEndpoints(resource)
            .Select(e => new V1ContainerPort
            {
                Name = KubernetesNaming.PortName(resource, e),
                ContainerPort = KubernetesNaming.ContainerPort(resource, e),
                Protocol = Protocol(e),
            })
            .ToList();
        return ports.Count > 0 ? ports : null;
    }

    /// <summary>
    /// The endpoints a resource serves on Kubernetes. A project's https endpoint is left out: TLS ends at the ingress or
    /// mesh, and the container serves plain HTTP.
    /// </summary>
    public static IEnumerable<EndpointAnnotation> PublishedEndpoints(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => !(resource is ProjectResource && e.UriScheme == "https"))
            .OrderBy(e => e.Name, StringComparer.Ordinal);

    public static string Protocol(EndpointAnnotation endpoint) =>
        endpoint.Protocol == System.Net.Sockets.ProtocolType.Udp ? "UDP" : "TCP";

    private static V1SeccompProfile RuntimeDefaultSeccomp => new() { Type = "RuntimeDefault" };

    private static V1Probe Probe(IResource resource, KubernetesProbe probe)
    {
        var result = new V1Probe
        {
            PeriodSeconds = probe.PeriodSeconds,
            TimeoutSeconds = probe.TimeoutSeconds,
            FailureThreshold = probe.FailureThreshold,
        };
        switch (probe.Check)
        {
            case KubernetesProbeCheck.TcpCheck tcp:
                result.TcpSocket = new V1TCPSocketAction { Port = PortOf(resource, tcp.EndpointName) };
                break;
            case KubernetesProbeCheck.HttpCheck http:
                result.HttpGet = new V1HTTPGetAction { Port = PortOf(resource, http.EndpointName), Path = http.Path, Scheme = "HTTP" };
                break;
            case KubernetesProbeCheck.ExecCheck exec:
                result.Exec = new V1ExecAction { Command = exec.Command.ToList() };
                break;
        }

        return result;
    }

    private static IntOrString PortOf(IResource resource, string endpointName)
    {
        var endpoint = PublishedEndpoints(resource).FirstOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"Resource '{resource.Name}' probes endpoint '{endpointName}', which it does not have.");
        return KubernetesNaming.PortName(resource, endpoint);
    }

    private static V1ResourceRequirements Resources(KubernetesResources resources) => new()
    {
        Requests = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(resources.CpuRequest),
            ["memory"] = new(resources.MemoryRequest),
        },
        Limits = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(resources.CpuLimit),
            ["memory"] = new(resources.MemoryLimit),
        },
    };

    /// <summary>The pod's command replaces the image's entrypoint; otherwise the model's entrypoint, if any, does.</summary>
    private static List<string>? Command(IResource resource, KubernetesPod pod) =>
        pod.Command is { } command ? command.ToList()
        : resource is ContainerResource { Entrypoint: { Length: > 0 } entrypoint } ? [entrypoint]
        : null;

    private static V1SecurityContext ContainerSecurity(SecurityProfile security) => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        ReadOnlyRootFilesystem = security.ReadOnlyRootFilesystem,
        RunAsNonRoot = security.UserId != 0,
        RunAsUser = security.UserId,
        RunAsGroup = security.GroupId,
        SeccompProfile = RuntimeDefaultSeccomp,
    };

    private static V1PodSecurityContext PodSecurity(IResource resource, KubernetesPod pod, SecurityProfile security)
    {
        if (security.UserId == 0 && pod.HostPaths.Count == 0)
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' runs as root (user 0); only a host-path reader (the pod's HostPaths) may, as the documented exception.");
        }

        return new V1PodSecurityContext
        {
            RunAsNonRoot = security.UserId != 0,
            RunAsUser = security.UserId,
            RunAsGroup = security.GroupId,
            FsGroup = security.GroupId,
            SupplementalGroups = security.SupplementalGroups.Count > 0 ? security.SupplementalGroups.Select(g => (long?)g).ToList() : null,
            // Chain data volumes hold millions of files: only walk them to fix ownership when the top directory is wrong.
            FsGroupChangePolicy = "OnRootMismatch",
            SeccompProfile = RuntimeDefaultSeccomp,
        };
    }
}
