namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// One Prometheus target: what the generated scrape configuration contains per scraped resource.
/// Only <see cref="Address"/> and <see cref="Discovery"/> differ between the local run and Kubernetes.
/// </summary>
/// <param name="JobName">The Prometheus job.</param>
/// <param name="Address">The <c>host:port</c> Prometheus connects to, as seen from Prometheus.</param>
/// <param name="MetricsPath">The HTTP path of the metrics.</param>
/// <param name="Labels">Target labels: <c>instance</c> (the resource name) and the resource's scrape labels.</param>
internal sealed record ScrapeTarget(string JobName, string Address, string MetricsPath, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>How Prometheus turns <see cref="Address"/> into instances. Default <see cref="ScrapeDiscovery.Static"/>.</summary>
    public ScrapeDiscovery Discovery { get; init; } = ScrapeDiscovery.Static;
}

/// <summary>How Prometheus finds the instances behind a target's address.</summary>
internal enum ScrapeDiscovery
{
    /// <summary>The address is the one instance (<c>static_configs</c>), labelled <c>instance</c> with the resource name.</summary>
    Static,

    /// <summary>
    /// The address's host is a DNS name with one A record per instance, such as a DaemonSet's headless Service
    /// (<c>dns_sd_configs</c>): every instance is scraped on the port, labelled <c>instance</c> with its own address.
    /// </summary>
    DnsA,
}

/// <summary>Where Prometheus reaches an endpoint: <c>host:port</c>, and whether the host names one instance or every one.</summary>
/// <param name="HostAndPort">The <c>host:port</c>.</param>
/// <param name="Discovery">How the host is resolved into instances.</param>
internal sealed record ScrapeAddress(string HostAndPort, ScrapeDiscovery Discovery = ScrapeDiscovery.Static);
