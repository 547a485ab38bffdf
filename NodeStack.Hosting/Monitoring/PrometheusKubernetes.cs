using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// How Prometheus is published to Kubernetes: a StatefulSet in <c>monitoring</c> keeping its TSDB on a retained claim, as
/// the user it runs as locally, with a read-only root filesystem. Its <c>prometheus.yml</c> and rule files are the local
/// run's own container files, written for the cluster (<see cref="KubernetesServiceAddresses.ScrapeAddress"/>): a node pod
/// by its stable name through its headless Service, which lists unready pods too (a node's metrics matter most while it is
/// unready), every Fluent Bit pod through DNS discovery, the exporter through its Service. Being given those addresses
/// is what lets it reach every scrape endpoint. It is on the k3d host's 127.0.0.1:9090.
/// </summary>
internal static class PrometheusKubernetes
{
    /// <summary>The namespace of Prometheus and Grafana.</summary>
    public const string Namespace = "monitoring";

    /// <summary>The k3d host's loopback port for the UI and API.</summary>
    public const int HostPort = 9090;

    public static void Shape(KubernetesPod pod)
    {
        pod.Namespace = Namespace;
        pod.Component = "metrics";
        pod.AsStatefulSet("10Gi", PrometheusResource.DataDirectory)
            .WithResources("100m", "512Mi", "1", "2Gi")
            .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/ready"))
            .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/healthy"))
            // Replaying a large write-ahead log after a restart takes minutes before Prometheus is ready.
            .StartupProbe(KubernetesProbeCheck.Http(PrometheusResource.HttpEndpointName, "/-/ready"), TimeSpan.FromMinutes(15))
            .ExposeOnHost(PrometheusResource.HttpEndpointName, HostPort);
    }
}
