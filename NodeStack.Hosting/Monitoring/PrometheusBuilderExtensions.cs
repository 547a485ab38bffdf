using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Prometheus to the application model.</summary>
public static class PrometheusBuilderExtensions
{
    /// <summary>
    /// Adds Prometheus (pinned <see cref="PrometheusContainerImageTags"/>), running as the <c>nobody</c> user. It scrapes
    /// every resource marked with <c>WithPrometheusScrape</c>, itself included, and evaluates NodeStack's alert
    /// rules. Its <c>prometheus.yml</c> and rules are written into the container when it starts (a ConfigMap on
    /// Kubernetes), with each target addressed as Prometheus reaches it in that runtime.
    /// Defaults: 15 s scrape and evaluation interval, 15 days retention, no data volume.
    /// </summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The resource name (NodeStack's composition uses <c>prometheus</c>).</param>
    /// <param name="port">The host port for the UI and API; a random free port when omitted.</param>
    public static IResourceBuilder<PrometheusResource> AddPrometheus(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var prometheus = new PrometheusResource(name);
        var resource = builder.AddResource(prometheus)
            .WithImage(PrometheusContainerImageTags.Image, PrometheusContainerImageTags.Tag)
            .WithImageRegistry(PrometheusContainerImageTags.Registry)
            .WithHttpEndpoint(port: port, targetPort: PrometheusResource.HttpTargetPort, name: PrometheusResource.HttpEndpointName)
            .WithContainerUser(ContainerUserBuilderExtensions.Nobody, ContainerUserBuilderExtensions.Nobody)
            .WithArgs(context =>
            {
                foreach (var argument in PrometheusCommandLine.Arguments(prometheus.Settings))
                {
                    context.Args.Add(argument);
                }
            })
            .WithContainerFiles(
                PrometheusResource.ConfigDirectory,
                (context, cancellationToken) => ConfigurationFilesAsync(context, prometheus, cancellationToken),
                defaultOwner: ContainerUserBuilderExtensions.Nobody,
                defaultGroup: ContainerUserBuilderExtensions.Nobody)
            .WithHttpHealthCheck("/-/ready", endpointName: PrometheusResource.HttpEndpointName)
            .WithPrometheusScrape(PrometheusResource.HttpEndpointName, "/metrics", "prometheus");
        resource.PublishAsKubernetesPod(PrometheusKubernetes.Shape);
        return resource;
    }

    /// <summary>Keeps Prometheus' TSDB in a named volume so history survives restarts.</summary>
    /// <param name="builder">The Prometheus resource.</param>
    /// <param name="name">The volume name; generated from the application and resource names when omitted.</param>
    public static IResourceBuilder<PrometheusResource> WithDataVolume(
        this IResourceBuilder<PrometheusResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), PrometheusResource.DataDirectory);
    }

    /// <summary>Keeps samples for <paramref name="retention"/> (2 hours to 10 years). Default 15 days.</summary>
    /// <param name="builder">The Prometheus resource.</param>
    /// <param name="retention">How long samples are kept.</param>
    public static IResourceBuilder<PrometheusResource> WithRetention(
        this IResourceBuilder<PrometheusResource> builder, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Settings = (builder.Resource.Settings with { Retention = retention }).Validated();
        return builder;
    }

    /// <summary>Scrapes targets and evaluates alert rules every <paramref name="interval"/> (1 second to 5 minutes). Default 15 seconds.</summary>
    /// <param name="builder">The Prometheus resource.</param>
    /// <param name="interval">The scrape and evaluation interval.</param>
    public static IResourceBuilder<PrometheusResource> WithScrapeInterval(
        this IResourceBuilder<PrometheusResource> builder, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Settings = (builder.Resource.Settings with { ScrapeInterval = interval, EvaluationInterval = interval }).Validated();
        return builder;
    }

    private static async Task<IEnumerable<ContainerFileSystemItem>> ConfigurationFilesAsync(
        ContainerFileSystemCallbackContext context, PrometheusResource prometheus, CancellationToken cancellationToken)
    {
        var model = context.Services.GetRequiredService<DistributedApplicationModel>();
        var addresses = ServiceAddresses.For(context);
        var targets = await ScrapeTargetDiscovery.DiscoverAsync(model.Resources, prometheus, addresses.ScrapeAddressAsync, cancellationToken).ConfigureAwait(false);

        var configuration = PrometheusConfigGenerator.Generate(
            targets, PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder), prometheus.Settings);

        return
        [
            new ContainerFile { Name = "prometheus.yml", Contents = configuration },
            new ContainerDirectory
            {
                Name = PrometheusResource.RulesFolder,
                Entries = MonitoringAssets.PrometheusRules.Select(rule => new ContainerFile { Name = rule.FileName, Contents = rule.Content }).ToList(),
            },
        ];
    }
}
