using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The Kubernetes-only shape of one resource's pod: what the local run has no word for (namespace, workload kind, claims,
/// requests and limits, probes, host exposure). Everything the local run already declares (image, args, environment,
/// endpoints, container files, user, secret files) is read from the model and is not repeated here.
/// Set it with <see cref="Aspire.Hosting.KubernetesPodBuilderExtensions.PublishAsKubernetesPod{T}"/>; the callbacks run
/// when the model is published, so the shape follows the resource's final settings.
/// </summary>
public sealed class KubernetesPod
{
    internal KubernetesPod(IResource resource) => Resource = resource;

    /// <summary>The resource being published.</summary>
    public IResource Resource { get; }

    /// <summary>The namespace, before the configured prefix, such as <c>eth-nodes</c>. Required.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>The <c>app.kubernetes.io/component</c> label, such as <c>execution-client</c>. Required.</summary>
    public string Component { get; set; } = "";

    /// <summary>The workload kind. Default <see cref="KubernetesWorkloadKind.Deployment"/>.</summary>
    public KubernetesWorkloadKind Kind { get; private set; } = KubernetesWorkloadKind.Deployment;

    /// <summary>For a StatefulSet: the size of each volume claim, such as <c>20Gi</c>.</summary>
    public string? StorageSize { get; private set; }

    /// <summary>For a StatefulSet: container paths that get a claim whether or not the local run keeps them in a named volume.</summary>
    public IReadOnlyList<string> DataPaths { get; private set; } = [];

    /// <summary>How long the container may take to stop after SIGTERM. Default: 2 minutes for a StatefulSet, 30 seconds otherwise.</summary>
    public TimeSpan TerminationGracePeriod
    {
        get => _terminationGracePeriod ?? (Kind == KubernetesWorkloadKind.StatefulSet ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(30));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromSeconds(1));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromDays(1));
            if (value.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                throw new ArgumentException($"The grace period {value} is not a whole number of seconds.", nameof(value));
            }

            _terminationGracePeriod = value;
        }
    }

    /// <summary>The container's CPU and memory requests and limits. Projects default to 50m/128Mi requests, 500m/256Mi limits.</summary>
    public KubernetesResources? Resources { get; set; }

    /// <summary>Whether the image works with a read-only root filesystem. Default true.</summary>
    public bool ReadOnlyRootFilesystem { get; set; } = true;

    /// <summary>Absolute paths that get an emptyDir, such as <c>/tmp</c>; a local volume at such a path is left out.</summary>
    public ISet<string> WritablePaths { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The user and group, for an image whose local run sets its user some other way than <c>WithContainerUser</c> (such as
    /// an entrypoint that drops privileges). A resource with <c>WithContainerUser</c> runs as that user, and setting this too fails the publish.
    /// </summary>
    public (long UserId, long GroupId)? User { get; set; }

    /// <summary>The program and leading arguments run instead of the image's entrypoint (for an entrypoint that needs root).</summary>
    public IReadOnlyList<string>? Command { get; set; }

    /// <summary>The probes by type. Projects default to HTTP readiness <c>/health</c> and liveness <c>/alive</c>.</summary>
    public IReadOnlyDictionary<KubernetesProbeType, KubernetesProbe> Probes => _probes;

    /// <summary>Endpoints exposed on the k3d host's loopback.</summary>
    public IReadOnlyList<KubernetesHostPort> HostPorts => _hostPorts;

    /// <summary>Endpoints any source may reach (p2p ports on public networks).</summary>
    public ISet<string> OpenToAnySource { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Read-only host directories, for a node agent such as the log shipper: the one exception to the restricted profile.</summary>
    public IList<KubernetesHostPath> HostPaths { get; } = [];

    /// <summary>Read access to API objects through a ServiceAccount and namespaced Roles.</summary>
    public IList<KubernetesApiRead> ApiReads { get; } = [];

    /// <summary>
    /// The ConfigMap name suffix of the container files at a path (<c>WithContainerFiles</c>), by path. Default: <c>config</c>
    /// for a resource with one such path, else the path's last segment.
    /// </summary>
    public IDictionary<string, string> ConfigMapNames { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>For a project: the image repository it is published as. Default <c>nodestack/&lt;name&gt;</c>.</summary>
    public string? ImageRepository { get; set; }

    /// <summary>For a project: the pinned image tag. Default NodeStack's version.</summary>
    public string? ImageTag { get; set; }

    private readonly SortedDictionary<KubernetesProbeType, KubernetesProbe> _probes = [];
    private readonly List<KubernetesHostPort> _hostPorts = [];
    private TimeSpan? _terminationGracePeriod;

    /// <summary>
    /// Publishes a StatefulSet: each of <paramref name="dataPaths"/> and each named volume becomes a claim of
    /// <paramref name="storageSize"/>, retained when the StatefulSet is deleted or scaled.
    /// </summary>
    public KubernetesPod AsStatefulSet(string storageSize, params string[] dataPaths)
    {
        KubernetesQuantity.Require(storageSize, nameof(storageSize));
        Array.ForEach(dataPaths, p => RequireAbsolutePath(p, nameof(dataPaths)));
        Kind = KubernetesWorkloadKind.StatefulSet;
        StorageSize = storageSize;
        DataPaths = dataPaths.Distinct().ToList();
        return this;
    }

    /// <summary>Publishes a DaemonSet, one pod per node (a log shipper).</summary>
    public KubernetesPod AsDaemonSet()
    {
        Kind = KubernetesWorkloadKind.DaemonSet;
        return this;
    }

    /// <summary>Sets a probe of <paramref name="type"/>, replacing an earlier one of that type.</summary>
    public KubernetesPod Probe(
        KubernetesProbeType type, KubernetesProbeCheck check, int periodSeconds = 10, int timeoutSeconds = 5, int failureThreshold = 3)
    {
        _probes[type] = new KubernetesProbe(type, check, periodSeconds, timeoutSeconds, failureThreshold);
        return this;
    }

    /// <summary>A startup probe allowing the process up to <paramref name="maxStartupTime"/> before liveness counts.</summary>
    public KubernetesPod StartupProbe(KubernetesProbeCheck check, TimeSpan maxStartupTime, int periodSeconds = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStartupTime, TimeSpan.FromSeconds(periodSeconds));
        return Probe(KubernetesProbeType.Startup, check, periodSeconds, failureThreshold: (int)Math.Ceiling(maxStartupTime.TotalSeconds / periodSeconds));
    }

    /// <summary>
    /// Exposes <paramref name="endpointName"/> on the k3d host at <c>127.0.0.1:<paramref name="hostPort"/></c> only, through a
    /// NodePort (default 30000 + hostPort mod 2768) and a loopback-bound k3d port mapping.
    /// </summary>
    public KubernetesPod ExposeOnHost(string endpointName, int hostPort, int? nodePort = null)
    {
        _hostPorts.Add(new KubernetesHostPort(endpointName, hostPort, nodePort ?? 30000 + (hostPort % 2768)));
        return this;
    }

    /// <summary>Sets the requests and limits (Kubernetes quantities such as <c>250m</c>, <c>1Gi</c>).</summary>
    public KubernetesPod WithResources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
    {
        Resources = new KubernetesResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
        return this;
    }

    /// <summary>Checks what the callbacks set, naming the resource, so a mistake fails the publish with one clear message.</summary>
    internal void Validate()
    {
        var where = $"Resource '{Resource.Name}' (PublishAsKubernetesPod)";
        RequireDnsLabel(Namespace, where, "Namespace");
        RequireDnsLabel(Component, where, "Component");
        foreach (var path in WritablePaths.Concat(HostPaths.SelectMany(h => new[] { h.HostPath, h.MountPath })))
        {
            RequireAbsolutePath(path, where);
        }

        foreach (var host in _hostPorts)
        {
            host.Validate(where);
        }

        foreach (var probe in _probes.Values)
        {
            probe.Validate(where);
        }

        foreach (var read in ApiReads)
        {
            read.Validate(where);
        }

        Resources?.Validate(where);
        if (ImageTag is "" or "latest")
        {
            throw new InvalidOperationException($"{where}: pin the image to a version; 'latest' or no tag is not allowed.");
        }
    }

    private static void RequireDnsLabel(string value, string where, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 40 || !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            || value[0] is < 'a' or > 'z' || value[^1] == '-')
        {
            throw new InvalidOperationException($"{where}: {what} '{value}' must be up to 40 lowercase letters, digits and '-', starting with a letter.");
        }
    }

    internal static void RequireAbsolutePath(string value, string where)
    {
        if (string.IsNullOrEmpty(value) || !value.StartsWith('/'))
        {
            throw new ArgumentException($"{where}: '{value}' must be an absolute container path.");
        }
    }
}

/// <summary>CPU and memory requests and limits, in Kubernetes quantity notation.</summary>
/// <param name="CpuRequest">Such as <c>250m</c>.</param>
/// <param name="MemoryRequest">Such as <c>512Mi</c>.</param>
/// <param name="CpuLimit">Such as <c>2</c>.</param>
/// <param name="MemoryLimit">Such as <c>4Gi</c>.</param>
public sealed record KubernetesResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit)
{
    internal void Validate(string where)
    {
        foreach (var quantity in new[] { CpuRequest, MemoryRequest, CpuLimit, MemoryLimit })
        {
            KubernetesQuantity.Require(quantity, where);
        }
    }
}

/// <summary>An endpoint exposed on the k3d host's loopback.</summary>
/// <param name="EndpointName">The endpoint.</param>
/// <param name="HostPort">The loopback port on the host, such as 8545.</param>
/// <param name="NodePort">The NodePort (30000-32767) the k3d load balancer forwards to.</param>
public sealed record KubernetesHostPort(string EndpointName, int HostPort, int NodePort)
{
    internal void Validate(string where)
    {
        if (HostPort is < 1 or > 65535 || NodePort is < 30000 or > 32767 || string.IsNullOrWhiteSpace(EndpointName))
        {
            throw new InvalidOperationException(
                $"{where}: exposing '{EndpointName}' on host port {HostPort} through NodePort {NodePort} needs a host port of 1-65535 and a NodePort of 30000-32767.");
        }
    }
}

/// <summary>
/// A read-only hostPath mount; <paramref name="ReaderGroupId"/> (0 for the container runtime's <c>root:root 0640</c> log
/// files) joins the pod's supplemental groups so a non-root user can read them. The namespace then enforces
/// <c>privileged</c> while auditing at <c>restricted</c>.
/// </summary>
/// <param name="HostPath">The node directory, such as <c>/var/log</c>.</param>
/// <param name="MountPath">Where it appears in the container.</param>
/// <param name="ReaderGroupId">The group that may read the host files; null adds none.</param>
public sealed record KubernetesHostPath(string HostPath, string MountPath, long? ReaderGroupId = null);

/// <summary>
/// Read access for the pod's ServiceAccount: in its own namespace and each namespace of <paramref name="ReadFrom"/>'s
/// resources, a Role allowing only <paramref name="Verbs"/> on <paramref name="Resources"/>. Nothing cluster-wide.
/// </summary>
/// <param name="ApiGroup">The API group; empty for the core group.</param>
/// <param name="Resources">The resource types, such as <c>pods</c>.</param>
/// <param name="Verbs">Read verbs only: <c>get</c>, <c>list</c>, <c>watch</c>.</param>
/// <param name="ReadFrom">The resources whose namespaces are read.</param>
public sealed record KubernetesApiRead(string ApiGroup, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, IReadOnlyList<IResource> ReadFrom)
{
    internal void Validate(string where)
    {
        if (Resources.Count == 0 || Verbs.Count == 0 || Verbs.Any(v => v is not ("get" or "list" or "watch")))
        {
            throw new InvalidOperationException($"{where}: API read access needs resource types and read verbs only (get, list, watch).");
        }
    }
}

/// <summary>One probe of a resource's container.</summary>
/// <param name="Type">Readiness, liveness or startup.</param>
/// <param name="Check">What is checked.</param>
/// <param name="PeriodSeconds">How often.</param>
/// <param name="TimeoutSeconds">How long one check may take.</param>
/// <param name="FailureThreshold">How many failures in a row count as failed.</param>
public sealed record KubernetesProbe(KubernetesProbeType Type, KubernetesProbeCheck Check, int PeriodSeconds = 10, int TimeoutSeconds = 5, int FailureThreshold = 3)
{
    internal void Validate(string where)
    {
        if (PeriodSeconds <= 0 || TimeoutSeconds <= 0 || FailureThreshold <= 0)
        {
            throw new InvalidOperationException($"{where}: the {Type} probe needs a positive period, timeout and failure threshold.");
        }

        if (Check is KubernetesProbeCheck.HttpCheck { Path: var path } && !path.StartsWith('/'))
        {
            throw new InvalidOperationException($"{where}: the {Type} probe path must start with '/': '{path}'.");
        }
    }
}

/// <summary>Kubernetes quantity checks.</summary>
internal static class KubernetesQuantity
{
    public static void Require(string value, string where)
    {
        try
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _ = new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidOperationException($"{where}: '{value}' is not a Kubernetes quantity such as 250m, 512Mi or 20Gi.", e);
        }
    }
}
