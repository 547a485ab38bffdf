using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// A Prometheus server whose scrape configuration and alert rules come from the application model.
/// </summary>
/// <param name="name">The resource name.</param>
public sealed class PrometheusResource(string name) : ContainerResource(name)
{
    /// <summary>The name of the HTTP endpoint (UI, query API and Prometheus' own metrics).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The port Prometheus listens on inside its container.</summary>
    public const int HttpTargetPort = 9090;

    /// <summary>The folder of <c>prometheus.yml</c> inside the container.</summary>
    public const string ConfigDirectory = "/etc/prometheus";

    /// <summary>The folder, relative to <see cref="ConfigDirectory"/>, that holds the alert rule files.</summary>
    public const string RulesFolder = "rules";

    /// <summary>The TSDB folder inside the container (the data volume's mount point).</summary>
    public const string DataDirectory = "/prometheus";

    /// <summary>The HTTP endpoint.</summary>
    public EndpointReference HttpEndpoint => field ??= new(this, HttpEndpointName);

    /// <summary>Scrape and evaluation intervals and retention; set with the <c>With*</c> builder methods.</summary>
    internal PrometheusSettings Settings { get; set; } = new();
}
