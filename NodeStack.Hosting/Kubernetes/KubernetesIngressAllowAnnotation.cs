using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Lets traffic reach one endpoint of this resource through the namespace's default-deny NetworkPolicy:
/// from the pods of <paramref name="From"/>, or from anywhere when <paramref name="From"/> is null
/// (p2p ports on public networks).
/// </summary>
/// <param name="EndpointName">The endpoint of this resource.</param>
/// <param name="From">The resource whose pods may connect; null for any source.</param>
public sealed record KubernetesIngressAllowAnnotation(string EndpointName, IResource? From) : IResourceAnnotation;

/// <summary>
/// Marks the metrics scraper (Prometheus): its pods may reach every endpoint that carries a
/// <see cref="Monitoring.PrometheusScrapeAnnotation"/>, so scrape access follows the model.
/// </summary>
public sealed class KubernetesMetricsScraperAnnotation : IResourceAnnotation;
