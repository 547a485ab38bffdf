using Aspire.Hosting.ApplicationModel;

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

/// <summary>One probe of a resource's container.</summary>
/// <param name="Type">Readiness, liveness or startup.</param>
/// <param name="Check">What is checked.</param>
/// <param name="PeriodSeconds">How often.</param>
/// <param name="TimeoutSeconds">How long one check may take.</param>
/// <param name="FailureThreshold">How many failures in a row count as failed.</param>
/// <param name="InitialDelaySeconds">Delay before the first check.</param>
public sealed record KubernetesProbeAnnotation(
    KubernetesProbeType Type,
    KubernetesProbeCheck Check,
    int PeriodSeconds = 10,
    int TimeoutSeconds = 5,
    int FailureThreshold = 3,
    int InitialDelaySeconds = 0) : IResourceAnnotation;
