using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Marks an endpoint of a resource as a Prometheus scrape target. The Prometheus config generator turns every
/// such annotation in the model into a static scrape target, locally and on Kubernetes alike.
/// </summary>
/// <param name="EndpointName">The resource endpoint that serves the metrics.</param>
/// <param name="MetricsPath">The HTTP path of the metrics, such as <c>/metrics</c>.</param>
/// <param name="JobName">The Prometheus job name.</param>
internal sealed record PrometheusScrapeAnnotation(string EndpointName, string MetricsPath, string JobName) : IResourceAnnotation;
