using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// How Prometheus is published to Kubernetes: a StatefulSet in <c>monitoring</c> keeping its TSDB on a retained claim, as
/// the user it runs as locally, with a read-only root filesystem. Its <c>prometheus.yml</c> and rule files come from the
/// same generator as the local run (<see cref="ScrapeTargetDiscovery"/>, <see cref="PrometheusConfigGenerator"/>, the
/// embedded rules) in the same layout, with the cluster's addresses: a node pod by its stable name through its headless
/// Service, which lists unready pods too (a node's metrics matter most while it is unready), every Fluent Bit pod through
/// DNS discovery, the exporter through its Service. It may reach every scrape endpoint, and is on the k3d host's 127.0.0.1:9090.
/// </summary>
internal static class PrometheusKubernetes
{
    /// <summary>The namespace of Prometheus and Grafana.</summary>
    public const string Namespace = "monitoring";

    /// <summary>The k3d host's loopback port for the UI and API.</summary>
    public const int HostPort = 9090;

    public static void Configure(IResourceBuilder<PrometheusResource> prometheus)
    {
        var resources = prometheus.ApplicationBuilder.Resources;
        prometheus.WithKubernetesWorkload(Namespace, "metrics")
            .PublishAsStatefulSet("10Gi", PrometheusResource.DataDirectory)
            .WithKubernetesSecurity(readOnlyRootFilesystem: true)
            .WithKubernetesResources("100m", "512Mi", "1", "2Gi")
            .WithKubernetesProbe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/ready"))
            .WithKubernetesProbe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/healthy"))
            // Replaying a large write-ahead log after a restart takes minutes before Prometheus is ready.
            .WithKubernetesStartupProbe(KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/ready"), TimeSpan.FromMinutes(15))
            .WithKubernetesScrapeAccess()
            .ExposeOnKubernetesHost(PrometheusResource.HttpEndpointName, HostPort)
            .WithKubernetesConfigFiles("config", PrometheusResource.ConfigDirectory, (addresses, cancellationToken) =>
                ConfigurationFilesAsync(resources, prometheus.Resource, addresses, cancellationToken));
    }

    private static async Task<IReadOnlyDictionary<string, string>> ConfigurationFilesAsync(
        IEnumerable<IResource> resources, PrometheusResource prometheus, KubernetesServiceAddresses addresses, CancellationToken cancellationToken)
    {
        var targets = await ScrapeTargetDiscovery.DiscoverAsync(
            resources, prometheus, (endpoint, _) => ValueTask.FromResult(addresses.ScrapeAddress(endpoint)), cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prometheus.yml"] = PrometheusConfigGenerator.Generate(
                targets, PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder), prometheus.Settings),
        };
        foreach (var rule in MonitoringAssets.PrometheusRules)
        {
            files[$"{PrometheusResource.RulesFolder}/{rule.FileName}"] = rule.Content;
        }

        return files;
    }
}
