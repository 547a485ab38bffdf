namespace NodeStack.Hosting.Monitoring;

/// <summary>Where Fluent Bit sends the parsed node logs.</summary>
internal abstract record FluentBitLogOutput;

/// <summary>Writes records to Fluent Bit's standard output as JSON lines (for <c>kubectl logs</c> on the DaemonSet).</summary>
internal sealed record FluentBitStdoutOutput : FluentBitLogOutput;

/// <summary>The OTLP transport of <see cref="FluentBitOtlpOutput"/>.</summary>
internal enum OtlpTransport
{
    /// <summary>OTLP/gRPC (the Aspire dashboard's default OTLP endpoint).</summary>
    Grpc,

    /// <summary>OTLP/HTTP with protobuf bodies on <c>/v1/logs</c>.</summary>
    Http,
}

/// <summary>
/// Sends logs as OTLP log records. Host, port and TLS are strings so they may be Fluent Bit <c>${VARIABLE}</c>
/// references resolved when the container starts.
/// </summary>
/// <param name="Host">The collector's host name.</param>
/// <param name="Port">The collector's port.</param>
/// <param name="Tls"><c>on</c>, <c>off</c>, or a variable holding one of them.</param>
/// <param name="VerifyTls">Whether to verify the collector's certificate (off for the Aspire dashboard's development certificate).</param>
/// <param name="Transport">gRPC or HTTP.</param>
/// <param name="Headers">Extra request headers, such as the Aspire dashboard's <c>x-otlp-api-key</c>.</param>
internal sealed record FluentBitOtlpOutput(
    string Host, string Port, string Tls, bool VerifyTls, OtlpTransport Transport, IReadOnlyDictionary<string, string> Headers) : FluentBitLogOutput
{
    /// <summary>The environment variable with the Aspire dashboard's OTLP host, as Fluent Bit's container sees it.</summary>
    public const string HostVariable = "NODESTACK_OTLP_HOST";

    /// <summary>The environment variable with the Aspire dashboard's OTLP port.</summary>
    public const string PortVariable = "NODESTACK_OTLP_PORT";

    /// <summary>The environment variable that says whether the dashboard's OTLP endpoint uses TLS (<c>on</c>/<c>off</c>).</summary>
    public const string TlsVariable = "NODESTACK_OTLP_TLS";

    /// <summary>The environment variable with the dashboard's OTLP API key.</summary>
    public const string ApiKeyVariable = "NODESTACK_OTLP_API_KEY";

    /// <summary>
    /// The Aspire dashboard's OTLP/HTTP endpoint (protobuf on <c>/v1/logs</c>, <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c>),
    /// from the variables the local run sets on Fluent Bit. HTTP/1.1, not gRPC: Fluent Bit 4.2's HTTP/2 client resends the
    /// connection preface on a kept-alive connection, so every second gRPC flush to the dashboard failed.
    /// </summary>
    /// <param name="withApiKey">Whether the dashboard requires its <c>x-otlp-api-key</c> header.</param>
    public static FluentBitOtlpOutput AspireDashboard(bool withApiKey) => new(
        $"${{{HostVariable}}}",
        $"${{{PortVariable}}}",
        $"${{{TlsVariable}}}",
        VerifyTls: false,
        OtlpTransport.Http,
        withApiKey
            ? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["x-otlp-api-key"] = $"${{{ApiKeyVariable}}}" }
            : new SortedDictionary<string, string>(StringComparer.Ordinal));
}
