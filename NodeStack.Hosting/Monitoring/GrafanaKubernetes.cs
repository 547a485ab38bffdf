using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// How Grafana is published to Kubernetes: a Deployment in <c>monitoring</c>, as the user it runs as locally, with a
/// read-only root filesystem. Its datasource and dashboard provisioning come from <see cref="GrafanaProvisioning"/> with
/// Prometheus' Service URL, its dashboards from the embedded files, its admin password from its Secret. Its database lives
/// in an emptyDir: everything it shows is provisioned, and the admin password is set from the Secret on each start. It may
/// reach Prometheus, and is on the k3d host's 127.0.0.1:3000.
/// </summary>
internal static class GrafanaKubernetes
{
    /// <summary>The k3d host's loopback port.</summary>
    public const int HostPort = 3000;

    public static void Configure(IResourceBuilder<GrafanaResource> grafana, IResourceBuilder<PrometheusResource> prometheus)
    {
        grafana.WithKubernetesWorkload(PrometheusKubernetes.Namespace, "dashboards")
            .WithKubernetesSecurity(readOnlyRootFilesystem: true, GrafanaResource.DataDirectory, "/tmp")
            .WithKubernetesResources("100m", "256Mi", "1", "1Gi")
            .WithKubernetesProbe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(GrafanaResource.HttpEndpointName, "/api/health"))
            .WithKubernetesProbe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(GrafanaResource.HttpEndpointName, "/api/health"))
            .ExposeOnKubernetesHost(GrafanaResource.HttpEndpointName, HostPort)
            // Grafana also logs to /var/log/grafana by default: unread, and read-only on Kubernetes. Standard output is collected.
            .WithEnvironment("GF_LOG_MODE", "console")
            // The local run's datasource file reads Prometheus' URL from this variable; the cluster's holds the Service URL.
            .ExcludeEnvironmentFromKubernetes(GrafanaProvisioning.PrometheusUrlVariable)
            .WithKubernetesConfigFiles("provisioning", GrafanaResource.ProvisioningDirectory, addresses => new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["datasources/nodestack.yaml"] = GrafanaProvisioning.DataSources(addresses.Url(prometheus.Resource.HttpEndpoint), prometheus.Resource.Settings.ScrapeInterval),
                ["dashboards/nodestack.yaml"] = GrafanaProvisioning.DashboardProviders(GrafanaResource.DashboardsDirectory),
            })
            .WithKubernetesConfigFiles("dashboards", GrafanaResource.DashboardsDirectory, _ =>
                MonitoringAssets.GrafanaDashboards.ToDictionary(d => d.FileName, d => d.Content, StringComparer.Ordinal));
        prometheus.AllowKubernetesIngress(PrometheusResource.HttpEndpointName, grafana);
    }
}
