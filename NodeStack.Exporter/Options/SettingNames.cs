namespace NodeStack.Exporter.Options;

/// <summary>
/// The configuration keys the exporter reads. The upper-case names are the Python bitcoin-prometheus-exporter's
/// environment variables (drop-in compatibility); they are read through IConfiguration, so environment variables,
/// command-line arguments (<c>--TIMEOUT=5</c>) and an appsettings.json next to the exporter all work.
/// </summary>
public static class SettingNames
{
    public const string RpcUrl = "BITCOIN_RPC_URL";
    public const string ConnectionString = "ConnectionStrings:bitcoin";
    public const string RpcScheme = "BITCOIN_RPC_SCHEME";
    public const string RpcHost = "BITCOIN_RPC_HOST";
    public const string RpcPort = "BITCOIN_RPC_PORT";
    public const string RpcUser = "BITCOIN_RPC_USER";
    public const string RpcPassword = "BITCOIN_RPC_PASSWORD";
    public const string RpcCookieFile = "BITCOIN_RPC_COOKIE_FILE";
    public const string ConfPath = "BITCOIN_CONF_PATH";
    public const string MetricsAddress = "METRICS_ADDR";
    public const string MetricsPort = "METRICS_PORT";
    public const string Timeout = "TIMEOUT";
    public const string RateLimit = "RATE_LIMIT";
    public const string HashpsBlocks = "HASHPS_BLOCKS";
    public const string SmartFeeBlocks = "SMARTFEE_BLOCKS";
    public const string LogLevel = "LOG_LEVEL";

    /// <summary>Where telemetry goes (OpenTelemetry's own variable); without it the exporter records none.</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Python exporter's retry count; accepted and validated, but a collection has no retries to count.</summary>
    public const string Retries = "RETRIES";

    /// <summary>The refresh loop period of Python exporter releases before 0.5, which collected on a timer instead of per scrape.</summary>
    public const string RefreshSeconds = "REFRESH_SECONDS";

    /// <summary>Where ASP.NET Core reads <c>ASPNETCORE_URLS</c> and <c>--urls</c>; when set, it replaces METRICS_ADDR and METRICS_PORT.</summary>
    public const string Urls = "urls";

    /// <summary>How a setting is named in messages: the environment variable a user would set.</summary>
    public static string Display(string key) => key switch
    {
        ConnectionString => "ConnectionStrings__bitcoin",
        Urls => "ASPNETCORE_URLS (--urls)",
        _ => key,
    };
}
