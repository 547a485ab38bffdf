using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using NodeStack.Exporter.Collection;
using NodeStack.Exporter.Options;
using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter;

/// <summary>Composes the exporter: settings, RPC client, collection, the /metrics endpoint and the service defaults.</summary>
public static partial class ExporterApplication
{
    /// <param name="args">Command-line arguments (configuration overrides such as --urls or --TIMEOUT=5).</param>
    /// <param name="customize">Changes to the builder before anything reads it (tests add settings and log capture).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        customize?.Invoke(builder);
        builder.AddServiceDefaults(ExporterTelemetry.ActivitySourceName);
        AddExporter(builder.Services);
        // Aspire (and anyone passing --urls / ASPNETCORE_URLS) chooses the address; otherwise METRICS_ADDR:METRICS_PORT.
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ExporterOptions>>(
                (kestrel, exporter) => Listen(kestrel, exporter.Value));
        }

        var app = builder.Build();
        app.MapGet(MetricsEndpoint.Path, MetricsEndpoint.ServeAsync);
        app.MapDefaultEndpoints();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    private static void AddExporter(IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<ExporterOptions>, ExporterOptionsSetup>();
        services.AddSingleton<IValidateOptions<ExporterOptions>, ExporterOptionsValidator>();
        services.AddOptions<ExporterOptions>().ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ExporterOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<ExporterOptions>();
            return new BitcoinRpcClient(BitcoinRpcClient.CreateHttpClient(), options.RpcUri, new RpcAuthorization(options.Credentials!));
        });
        services.AddSingleton<NodeCollector>();
        services.AddSingleton<CollectionCoordinator>();
        services.AddSingleton<MetricsWriter>();
        services.AddHealthChecks().AddCheck<CollectionHealthCheck>("node-collection");
    }

    private static void Listen(KestrelServerOptions kestrel, ExporterOptions options)
    {
        switch (options.MetricsAddress)
        {
            case "":
                kestrel.ListenAnyIP(options.MetricsPort);
                break;
            case "localhost" when options.MetricsPort != 0:
                kestrel.ListenLocalhost(options.MetricsPort);
                break;
            case "localhost":
                kestrel.Listen(IPAddress.Loopback, 0);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(options.MetricsAddress.Trim('[', ']')), options.MetricsPort);
                break;
        }
    }

    private static void LogStarted(WebApplication app)
    {
        var options = app.Services.GetRequiredService<ExporterOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExporterApplication));
        LogExporting(logger, options.RpcUri, options.Credentials, app.Urls, options.Timeout.TotalSeconds, options.MinCollectionInterval.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Exporting Bitcoin node {RpcUri} (credentials: {Credentials}) on {Urls}; collection timeout {Timeout} s, minimum interval {Interval} s")]
    private static partial void LogExporting(
        ILogger logger, Uri rpcUri, RpcCredentialSource? credentials, ICollection<string> urls, double timeout, double interval);
}
