namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// One static Prometheus target: what the generated scrape configuration contains per scraped resource.
/// Only <see cref="Address"/> differs between the local run and Kubernetes.
/// </summary>
/// <param name="JobName">The Prometheus job.</param>
/// <param name="Address">The <c>host:port</c> Prometheus connects to, as seen from Prometheus.</param>
/// <param name="MetricsPath">The HTTP path of the metrics.</param>
/// <param name="Labels">Target labels: <c>instance</c> (the resource name) and the resource's scrape labels.</param>
public sealed record ScrapeTarget(string JobName, string Address, string MetricsPath, IReadOnlyDictionary<string, string> Labels);
