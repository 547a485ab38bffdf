using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>A Fluent Bit that ships the nodes' log files to the Aspire dashboard as OTLP logs.</summary>
/// <param name="name">The resource name.</param>
public sealed class FluentBitResource(string name) : ContainerResource(name)
{
    /// <summary>The name of the HTTP endpoint (health and Fluent Bit's own metrics).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The folder inside the container that holds the generated configuration and the Lua filter.</summary>
    public const string ConfigDirectory = "/fluent-bit/etc/nodestack";

    /// <summary>
    /// The folder of the tail offset databases: Fluent Bit's own volume in the local run, an emptyDir on Kubernetes
    /// (see <see cref="FluentBitKubernetes"/>).
    /// </summary>
    public const string StateDirectory = "/fluent-bit/state";

    /// <summary>The folder under which each node's log volume is mounted read-only, one sub-folder per node resource.</summary>
    public const string LogsDirectory = "/nodestack/logs";

    /// <summary>The HTTP endpoint.</summary>
    public EndpointReference HttpEndpoint => field ??= new(this, HttpEndpointName);

    /// <summary>
    /// The node log files Fluent Bit tails, as found when their volumes were mounted (null before that). The
    /// configuration is generated from this list, so it matches the mounts even if the run later changes the nodes'
    /// volumes (a run without a container runtime leaves them out).
    /// </summary>
    internal IReadOnlyList<NodeLogVolume>? NodeLogs { get; set; }
}
