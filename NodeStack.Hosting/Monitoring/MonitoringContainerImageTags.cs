namespace NodeStack.Hosting.Monitoring;

/// <summary>The pinned Prometheus image.</summary>
internal static class PrometheusContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>prom/prometheus</summary>
    public const string Image = "prom/prometheus";

    /// <summary>v3.5.0, the 3.5 long-term-support release.</summary>
    public const string Tag = "v3.5.0";
}

/// <summary>The pinned Grafana image.</summary>
internal static class GrafanaContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>grafana/grafana</summary>
    public const string Image = "grafana/grafana";

    /// <summary>12.2.1</summary>
    public const string Tag = "12.2.1";
}

/// <summary>The pinned Fluent Bit image.</summary>
internal static class FluentBitContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>fluent/fluent-bit</summary>
    public const string Image = "fluent/fluent-bit";

    /// <summary>4.2.0: YAML configuration with processors and the OTLP output's logs_body_key_attributes.</summary>
    public const string Tag = "4.2.0";
}
