using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Finds what Prometheus scrapes: every resource with a <see cref="PrometheusScrapeAnnotation"/>. The caller decides
/// how an endpoint is addressed from Prometheus (a container-network name locally, a service DNS name on Kubernetes).
/// </summary>
internal static class ScrapeTargetDiscovery
{
    /// <summary>
    /// Turns the model's scrape annotations into targets ordered by job and instance. The Prometheus resource
    /// scrapes itself on <c>localhost</c> in every runtime, so its own endpoint never goes through
    /// <paramref name="resolveAddress"/>.
    /// </summary>
    /// <param name="resources">The application model's resources.</param>
    /// <param name="prometheus">The Prometheus that scrapes them.</param>
    /// <param name="resolveAddress">Returns the <c>host:port</c> under which Prometheus reaches an endpoint.</param>
    /// <param name="cancellationToken">Cancels address resolution.</param>
    /// <exception cref="InvalidOperationException">A resource asks to be scraped on an endpoint it does not have.</exception>
    public static Task<IReadOnlyList<ScrapeTarget>> DiscoverAsync(
        IEnumerable<IResource> resources,
        PrometheusResource prometheus,
        Func<EndpointReference, CancellationToken, ValueTask<string>> resolveAddress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolveAddress);
        return DiscoverAsync(
            resources,
            prometheus,
            async (endpoint, token) => new ScrapeAddress(await resolveAddress(endpoint, token).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>
    /// Turns the model's scrape annotations into targets, like the other overload, with addresses that may stand for
    /// every instance behind a DNS name (a DaemonSet's pods on Kubernetes).
    /// </summary>
    /// <param name="resources">The application model's resources.</param>
    /// <param name="prometheus">The Prometheus that scrapes them.</param>
    /// <param name="resolveAddress">Returns where Prometheus reaches an endpoint, and how it resolves it into instances.</param>
    /// <param name="cancellationToken">Cancels address resolution.</param>
    /// <exception cref="InvalidOperationException">A resource asks to be scraped on an endpoint it does not have.</exception>
    public static async Task<IReadOnlyList<ScrapeTarget>> DiscoverAsync(
        IEnumerable<IResource> resources,
        PrometheusResource prometheus,
        Func<EndpointReference, CancellationToken, ValueTask<ScrapeAddress>> resolveAddress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(resolveAddress);

        var targets = new List<ScrapeTarget>();
        foreach (var resource in resources)
        {
            if (!resource.TryGetLastAnnotation<PrometheusScrapeAnnotation>(out var scrape))
            {
                continue;
            }

            var endpoint = ScrapedEndpoint(resource, scrape);
            var address = ReferenceEquals(resource, prometheus)
                ? new ScrapeAddress(string.Create(CultureInfo.InvariantCulture, $"localhost:{endpoint.TargetPort}"))
                : await resolveAddress(endpoint, cancellationToken).ConfigureAwait(false);
            targets.Add(new ScrapeTarget(scrape.JobName, address.HostAndPort, scrape.MetricsPath, LabelsOf(resource)) { Discovery = address.Discovery });
        }

        return targets
            .OrderBy(t => t.JobName, StringComparer.Ordinal)
            .ThenBy(t => t.Labels["instance"], StringComparer.Ordinal)
            .ToList();
    }

    private static EndpointReference ScrapedEndpoint(IResource resource, PrometheusScrapeAnnotation scrape)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (resource is not IResourceWithEndpoints withEndpoints || endpoints.All(e => e.Name != scrape.EndpointName))
        {
            var known = endpoints.Count == 0 ? "none" : string.Join(", ", endpoints.Select(e => e.Name));
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' asks to be scraped on endpoint '{scrape.EndpointName}', " +
                $"but it has no such endpoint (it has: {known}).");
        }

        return withEndpoints.GetEndpoint(scrape.EndpointName);
    }

    private static SortedDictionary<string, string> LabelsOf(IResource resource)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["instance"] = resource.Name };
        foreach (var label in resource.Annotations.OfType<PrometheusScrapeLabelAnnotation>())
        {
            labels[label.Name] = label.Value;
        }

        return labels;
    }
}
