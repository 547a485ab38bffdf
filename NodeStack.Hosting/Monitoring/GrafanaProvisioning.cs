using YamlDotNet.Serialization;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Grafana's provisioning files: the Prometheus datasource and the read-only dashboard provider. Pure functions,
/// shared by the local run and the Kubernetes publisher; only the Prometheus URL differs.
/// </summary>
internal static class GrafanaProvisioning
{
    /// <summary>The datasource uid every NodeStack dashboard panel refers to.</summary>
    public const string PrometheusDataSourceUid = "prometheus";

    /// <summary>Settings that keep Grafana closed and offline: no anonymous access, no sign-up, no calls home.</summary>
    public static IReadOnlyDictionary<string, string> HardeningEnvironment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES"] = "false",
        ["GF_ANALYTICS_CHECK_FOR_UPDATES"] = "false",
        ["GF_ANALYTICS_FEEDBACK_LINKS_ENABLED"] = "false",
        ["GF_ANALYTICS_REPORTING_ENABLED"] = "false",
        ["GF_AUTH_ANONYMOUS_ENABLED"] = "false",
        ["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"] = $"{GrafanaResource.DashboardsDirectory}/overview.json",
        ["GF_NEWS_NEWS_FEED_ENABLED"] = "false",
        ["GF_PLUGINS_PREINSTALL_DISABLED"] = "true",
        ["GF_SECURITY_ADMIN_USER"] = GrafanaResource.AdminUser,
        ["GF_SECURITY_DISABLE_GRAVATAR"] = "true",
        ["GF_SNAPSHOTS_EXTERNAL_ENABLED"] = "false",
        ["GF_USERS_ALLOW_SIGN_UP"] = "false",
    };

    /// <summary>The datasource file: NodeStack's Prometheus as the default, non-editable datasource.</summary>
    /// <param name="prometheusUrl">Prometheus' URL as Grafana reaches it (or a <c>${VARIABLE}</c> Grafana expands).</param>
    /// <param name="scrapeInterval">Prometheus' scrape interval, the smallest step Grafana asks for.</param>
    public static string DataSources(string prometheusUrl, TimeSpan scrapeInterval)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prometheusUrl);
        var file = new Dictionary<string, object>
        {
            ["apiVersion"] = 1,
            ["datasources"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "Prometheus",
                    ["uid"] = PrometheusDataSourceUid,
                    ["type"] = "prometheus",
                    ["access"] = "proxy",
                    ["url"] = prometheusUrl,
                    ["isDefault"] = true,
                    ["editable"] = false,
                    ["jsonData"] = new Dictionary<string, object> { ["timeInterval"] = PrometheusDuration.Format(scrapeInterval) },
                },
            },
        };
        return Serialize(file);
    }

    /// <summary>The dashboard provider file: dashboards from <paramref name="dashboardsDirectory"/>, not editable in the UI.</summary>
    /// <param name="dashboardsDirectory">Where the dashboard JSON files are inside Grafana's container.</param>
    public static string DashboardProviders(string dashboardsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dashboardsDirectory);
        var file = new Dictionary<string, object>
        {
            ["apiVersion"] = 1,
            ["providers"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "nodestack",
                    ["folder"] = "NodeStack",
                    ["type"] = "file",
                    ["disableDeletion"] = true,
                    ["allowUiUpdates"] = false,
                    ["updateIntervalSeconds"] = 60,
                    ["options"] = new Dictionary<string, object> { ["path"] = dashboardsDirectory },
                },
            },
        };
        return Serialize(file);
    }

    private static string Serialize(object file) => new SerializerBuilder().Build().Serialize(file);
}
