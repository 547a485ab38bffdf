using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// How Grafana is published to Kubernetes: a Deployment in <c>monitoring</c>, as the user it runs as locally, with a
/// read-only root filesystem. Its provisioning and dashboards are the local run's own container files, with Prometheus'
/// Service URL (which lets it reach Prometheus); its admin password comes from its Secret. Its database lives in an
/// emptyDir: everything it shows is provisioned, and the admin password is set from the Secret on each start. It is on the
/// k3d host's 127.0.0.1:3000.
/// </summary>
internal static class GrafanaKubernetes
{
    /// <summary>The k3d host's loopback port.</summary>
    public const int HostPort = 3000;

    public static void Shape(KubernetesPod pod)
    {
        pod.Namespace = PrometheusKubernetes.Namespace;
        pod.Component = "dashboards";
        pod.WritablePaths.UnionWith([GrafanaResource.DataDirectory, "/tmp"]);
        pod.WithResources("100m", "256Mi", "1", "1Gi")
            .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(GrafanaResource.HttpEndpointName, "/api/health"))
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(GrafanaResource.HttpEndpointName, "/api/health"))
            .ExposeOnHost(GrafanaResource.HttpEndpointName, HostPort);
        pod.ConfigMapNames[GrafanaResource.DashboardsDirectory] = "dashboards";
    }
}
