using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodeStack.Exporter.Collection;
using NodeStack.Exporter.Options;
using NodeStack.Exporter.ProcessMetrics;
using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter;

/// <summary>Composes the exporter: settings, RPC client, collection, the /metrics endpoint and the service defaults.</summary>
public static partial class ExporterApplication
{
    /// <param name="args">Command-line arguments (configuration overrides such as --urls or --TIMEOUT=5).</param>
    /// <param name="customize">Changes to the builder before anything reads it (tests add settings, log capture, a clock).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        // The content root is the exporter's own folder, not the working directory: an appsettings.json next to the
        // exporter applies however it is started (the AOT binary, a service unit, a container).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        customize?.Invoke(builder);
        AddLoggingDefaults(builder.Configuration);
        // The service defaults' telemetry and health checks, without their HttpClient resilience and service discovery:
        // the exporter's one HttpClient is its own (no factory), and those pieces only cost RSS (docs/exporter.md).
        AddTelemetry(builder);
        builder.AddDefaultHealthChecks();
        AddExporter(builder.Services);
        // Aspire (and anyone passing --urls / ASPNETCORE_URLS) chooses the address; otherwise METRICS_ADDR:METRICS_PORT.
        if (string.IsNullOrWhiteSpace(builder.Configuration[SettingNames.Urls]))
        {
            builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ExporterOptions>>(
                (kestrel, exporter) => Listen(kestrel, exporter.Value));
        }

        var app = builder.Build();
        app.MapGet(MetricsEndpoint.Path, MetricsEndpoint.ServeAsync);
        app.MapDefaultEndpoints(HealthResponse.WriteAsync);
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    /// <summary>
    /// OpenTelemetry only when it has somewhere to go: without an OTLP endpoint its listeners would record every request
    /// and collection for nobody. A build without it says so once, rather than drop telemetry silently.
    /// </summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[SettingNames.OtlpEndpoint]))
        {
            return;
        }

        if (ExporterTelemetry.IsSupported)
        {
            builder.ConfigureOpenTelemetry(ExporterTelemetry.ActivitySourceName);
        }
        else
        {
            builder.Services.AddSingleton(new StartupNote(LogLevel.Warning,
                $"{SettingNames.OtlpEndpoint} is set, but this build has no OpenTelemetry (published with ExporterOpenTelemetry=false, the Native AOT default): no telemetry is sent. Publish with -p:ExporterOpenTelemetry=true to send it."));
        }
    }

    /// <summary>
    /// The exporter's log levels, written in code so that no file has to be found for them. They are the lowest-priority
    /// configuration: <c>Logging__LogLevel__*</c> from any source overrides each one. LOG_LEVEL (the Python exporter's
    /// setting) sets the default level; a bad value falls back here and fails validation at startup.
    /// </summary>
    private static void AddLoggingDefaults(ConfigurationManager configuration)
    {
        var level = LogLevelSetting.TryParse(configuration[SettingNames.LogLevel], out var chosen) ? chosen : LogLevel.Information;
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = level.ToString(),
                ["Logging:LogLevel:Microsoft.AspNetCore"] = nameof(LogLevel.Warning),
                // A Degraded /health is a node fault: /health's answer names it, and the collector logs when it starts and ends.
                ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = nameof(LogLevel.Error),
                // Program reports every startup failure itself (one line for a bad setting or a taken port); the host's
                // report of the same exception, with its stack trace, would only bury that line.
                ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = nameof(LogLevel.Critical),
            },
        });
    }

    private static void AddExporter(IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<ExporterOptions>, ExporterOptionsSetup>();
        services.AddSingleton<IValidateOptions<ExporterOptions>, ExporterOptionsValidator>();
        services.AddOptions<ExporterOptions>().ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ExporterOptions>>().Value);
        // Tests register a fake clock first.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<ExporterOptions>();
            return new BitcoinRpcClient(BitcoinRpcClient.CreateHttpClient(), options.RpcUri, new RpcAuthorization(options.Credentials!));
        });
        services.AddSingleton<NodeCollector>();
        services.AddSingleton<CollectionCoordinator>();
        services.AddSingleton(ProcessStatisticsReader.ForCurrentProcess());
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

    /// <summary>The settings that chose the listen address, for the message when it is taken.</summary>
    public static string DescribeListenSettings(WebApplication app)
    {
        if (app.Configuration[SettingNames.Urls] is { Length: > 0 } urls)
        {
            return $"{SettingNames.Display(SettingNames.Urls)} '{urls}'";
        }

        var options = app.Services.GetRequiredService<ExporterOptions>();
        var address = options.MetricsAddress.Length == 0 ? "(every address)" : options.MetricsAddress;
        return $"{SettingNames.MetricsAddress} {address}, {SettingNames.MetricsPort} {options.MetricsPort}";
    }

    private static void LogStarted(WebApplication app)
    {
        var options = app.Services.GetRequiredService<ExporterOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExporterApplication));
        LogExporting(logger, options.RpcUri, options.Credentials, app.Urls, options.Timeout.TotalSeconds, options.MinCollectionInterval.TotalSeconds);
        foreach (var note in options.CompatibilityNotes.Concat(app.Services.GetServices<StartupNote>()))
        {
            LogSettingNote(logger, note.Level, note.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Exporting Bitcoin node {RpcUri} (credentials: {Credentials}) on {Urls}; collection timeout {Timeout} s, minimum interval {Interval} s")]
    private static partial void LogExporting(
        ILogger logger, Uri rpcUri, RpcCredentialSource? credentials, ICollection<string> urls, double timeout, double interval);

    [LoggerMessage(Message = "{Note}")]
    private static partial void LogSettingNote(ILogger logger, LogLevel level, string note);
}
