namespace NodeStack.Hosting.Kubernetes;

/// <summary>Which Kubernetes probe a check feeds.</summary>
public enum KubernetesProbeType
{
    /// <summary>Gates traffic: the pod is a Service endpoint only while this passes.</summary>
    Readiness,

    /// <summary>Restarts the container when it fails.</summary>
    Liveness,

    /// <summary>Holds off the other probes until the process has started (a node's first start can take long).</summary>
    Startup,
}

/// <summary>What a probe checks: a TCP connect, an HTTP GET or a command in the container.</summary>
public abstract record KubernetesProbeCheck
{
    private KubernetesProbeCheck()
    {
    }

    /// <summary>A TCP connect to the named endpoint's container port.</summary>
    public static KubernetesProbeCheck Tcp(string endpointName) => new TcpCheck(endpointName);

    /// <summary>An HTTP GET of <paramref name="path"/> on the named endpoint's container port.</summary>
    public static KubernetesProbeCheck Http(string endpointName, string path) => new HttpCheck(endpointName, path);

    /// <summary>A command run in the container; exit code 0 passes.</summary>
    public static KubernetesProbeCheck Exec(params string[] command) => new ExecCheck(command);

    /// <summary>A TCP connect.</summary>
    public sealed record TcpCheck(string EndpointName) : KubernetesProbeCheck;

    /// <summary>An HTTP GET.</summary>
    public sealed record HttpCheck(string EndpointName, string Path) : KubernetesProbeCheck;

    /// <summary>A command.</summary>
    public sealed record ExecCheck(IReadOnlyList<string> Command) : KubernetesProbeCheck;
}

/// <summary>The shape a resource takes on Kubernetes.</summary>
public enum KubernetesWorkloadKind
{
    /// <summary>A Deployment: stateless, no persistent volumes.</summary>
    Deployment,

    /// <summary>A StatefulSet whose named volumes become retained PersistentVolumeClaims.</summary>
    StatefulSet,

    /// <summary>A DaemonSet: one pod per node, such as a log shipper.</summary>
    DaemonSet,
}
