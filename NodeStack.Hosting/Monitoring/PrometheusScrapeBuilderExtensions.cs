using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting;

namespace Aspire.Hosting;

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

    /// <summary>
    /// Adds the label <paramref name="name"/>=<paramref name="value"/> to every series Prometheus scrapes from the
    /// resource. Node integrations set <see cref="ScrapeLabels.Network"/> and <see cref="ScrapeLabels.Chain"/> so alert
    /// rules can tell a regtest node from a public one.
    /// </summary>
    /// <param name="builder">The scraped resource.</param>
    /// <param name="name">A Prometheus label name; <c>job</c>, <c>instance</c> and names starting with <c>__</c> are reserved.</param>
    /// <param name="value">The label value.</param>
    public static IResourceBuilder<T> WithPrometheusScrapeLabel<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        PrometheusLabelName.Validate(name);

        foreach (var existing in builder.Resource.Annotations.OfType<PrometheusScrapeLabelAnnotation>().Where(a => a.Name == name).ToList())
        {
            builder.Resource.Annotations.Remove(existing);
        }

        return builder.WithAnnotation(new PrometheusScrapeLabelAnnotation(name, value));
    }

    /// <summary>
    /// Labels every series Prometheus scrapes from a node's target with its <see cref="ScrapeLabels.Chain"/> and
    /// <see cref="ScrapeLabels.Network"/>, which NodeStack's alert rules read: peer and stall alerts fire only on
    /// public networks, never on <c>dev</c> or <c>regtest</c>.
    /// </summary>
    /// <param name="builder">The scraped resource.</param>
    /// <param name="chain"><see cref="ScrapeLabels.Bitcoin"/> or <see cref="ScrapeLabels.Ethereum"/>.</param>
    /// <param name="network">The network as the node names it: <c>dev</c>, <c>sepolia</c>, <c>regtest</c>, <c>main</c>, ...</param>
    public static IResourceBuilder<T> WithNodeScrapeLabels<T>(this IResourceBuilder<T> builder, string chain, string network)
        where T : IResourceWithEndpoints =>
        builder.WithPrometheusScrapeLabel(ScrapeLabels.Chain, chain).WithPrometheusScrapeLabel(ScrapeLabels.Network, network);
}
