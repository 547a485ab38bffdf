using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire service defaults for NodeStack's own .NET processes: OpenTelemetry logs, metrics and traces over OTLP,
/// health endpoints, service discovery and HttpClient resilience.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Liveness endpoint: answers while the process runs.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Readiness endpoint: answers healthy when every registered health check passes.</summary>
    public const string HealthPath = "/health";

    private const string LiveTag = "live";

    /// <summary>
    /// Adds OpenTelemetry (exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), a liveness health
    /// check, service discovery, and the standard resilience handler on every <see cref="HttpClient"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="activitySources">Extra <see cref="System.Diagnostics.ActivitySource"/> names to trace.</param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, params string[] activitySources)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry(activitySources);
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>Configures OpenTelemetry logging, metrics and tracing, with OTLP export when configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, params string[] activitySources)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(activitySources)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes would otherwise flood the trace view.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Adds the liveness check that <see cref="AlivePath"/> reports.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Maps <see cref="HealthPath"/> (all checks) and <see cref="AlivePath"/> (liveness checks only).</summary>
    /// <param name="app">The application.</param>
    /// <param name="healthResponseWriter">Writes the <see cref="HealthPath"/> answer; by default, only the overall status.</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Func<HttpContext, HealthReport, Task>? healthResponseWriter = null)
    {
        var health = new HealthCheckOptions();
        if (healthResponseWriter is not null)
        {
            health.ResponseWriter = healthResponseWriter;
        }

        app.MapHealthChecks(HealthPath, health);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }
}
