using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>Opts resources into being scraped by the model's Prometheus.</summary>
public static class PrometheusScrapeBuilderExtensions
{
    /// <summary>
    /// Makes the model's Prometheus scrape <paramref name="metricsPath"/> on the endpoint named
    /// <paramref name="endpointName"/>. Works for any resource with endpoints, so a user's own project can be scraped too.
    /// </summary>
    /// <param name="builder">The resource to scrape.</param>
    /// <param name="endpointName">The endpoint that serves metrics. Defaults to <c>http</c>.</param>
    /// <param name="metricsPath">The metrics path. Defaults to <c>/metrics</c>.</param>
    /// <param name="jobName">The Prometheus job name. Defaults to the resource name.</param>
    public static IResourceBuilder<T> WithPrometheusScrape<T>(
        this IResourceBuilder<T> builder,
        string endpointName = "http",
        string metricsPath = "/metrics",
        string? jobName = null)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        if (!metricsPath.StartsWith('/'))
        {
            throw new ArgumentException($"The metrics path must start with '/': '{metricsPath}'.", nameof(metricsPath));
        }

        return builder.WithAnnotation(
            new PrometheusScrapeAnnotation(endpointName, metricsPath, jobName ?? builder.Resource.Name),
            ResourceAnnotationMutationBehavior.Replace);
    }
}
