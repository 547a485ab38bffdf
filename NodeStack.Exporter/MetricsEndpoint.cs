using System.Globalization;
using NodeStack.Exporter.Collection;
using NodeStack.Exporter.Options;

namespace NodeStack.Exporter;

/// <summary>GET /metrics: collect (or share a collection) within the scrape's deadline, then render the snapshot.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Left for writing and sending the answer when Prometheus's scrape timeout bounds the collection.</summary>
    public static readonly TimeSpan ScrapeTimeoutMargin = TimeSpan.FromMilliseconds(500);

    private const string ScrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

    public static async Task ServeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<ExporterOptions>();
        var coordinator = services.GetRequiredService<CollectionCoordinator>();
        var time = services.GetRequiredService<TimeProvider>();

        var snapshot = await coordinator.GetSnapshotAsync(Deadline(context.Request, options), context.RequestAborted);
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        services.GetRequiredService<MetricsWriter>().Write(context.Response.BodyWriter, snapshot, time.GetUtcNow());
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>TIMEOUT, shortened to the scrape's own timeout minus a margin (but never below half of it).</summary>
    public static TimeSpan Deadline(HttpRequest request, ExporterOptions options)
    {
        if (request.Headers.TryGetValue(ScrapeTimeoutHeader, out var header)
            && double.TryParse(header.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds > 0)
        {
            var scrapeTimeout = TimeSpan.FromSeconds(seconds);
            var budget = TimeSpan.FromTicks(Math.Max((scrapeTimeout - ScrapeTimeoutMargin).Ticks, scrapeTimeout.Ticks / 2));
            return budget < options.Timeout ? budget : options.Timeout;
        }

        return options.Timeout;
    }
}
