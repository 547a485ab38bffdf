namespace NodeStack.Hosting.Monitoring;

/// <summary>The pinned Prometheus image.</summary>
internal static class PrometheusContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>prom/prometheus</summary>
    public const string Image = "prom/prometheus";

    /// <summary>v3.5.3, the newest patch of the 3.5 long-term-support line (checked 2026-12-02).</summary>
    public const string Tag = "v3.5.3";
}

/// <summary>The pinned Grafana image.</summary>
internal static class GrafanaContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>grafana/grafana</summary>
    public const string Image = "grafana/grafana";

    /// <summary>12.2.9, the newest patch of the 12.2 line (checked 2026-12-02).</summary>
    public const string Tag = "12.2.9";
}

/// <summary>The pinned Fluent Bit image.</summary>
internal static class FluentBitContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>fluent/fluent-bit</summary>
    public const string Image = "fluent/fluent-bit";

    /// <summary>
    /// 4.2.3, the newest patch of the 4.2 line (checked 2026-12-02): YAML configuration with processors, the OTLP output's
    /// logs_body_key_attributes and the metadata-aware Lua callback (4.0.4 and later) that node-log.lua uses.
    /// </summary>
    public const string Tag = "4.2.3";
}
