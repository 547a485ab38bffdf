namespace NodeStack.Hosting.Monitoring;

/// <summary>The Prometheus server's arguments, shared by the local container and the Kubernetes workload.</summary>
internal static class PrometheusCommandLine
{
    /// <summary>The arguments that point Prometheus at the generated configuration, its data folder and retention.</summary>
    /// <param name="settings">The retention comes from here.</param>
    public static IReadOnlyList<string> Arguments(PrometheusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            $"--config.file={PrometheusResource.ConfigDirectory}/prometheus.yml",
            $"--storage.tsdb.path={PrometheusResource.DataDirectory}",
            $"--storage.tsdb.retention.time={PrometheusDuration.Format(settings.Validated().Retention)}",
            $"--web.listen-address=:{PrometheusResource.HttpTargetPort}",
        ];
    }
}
