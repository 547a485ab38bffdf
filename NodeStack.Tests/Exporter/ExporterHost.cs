using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Exporter;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// The real exporter application, started in-process on a free loopback port and scraped over real HTTP.
/// Settings use the exporter's environment-variable names.
/// </summary>
public sealed class ExporterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExporterHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ExporterHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? customize = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["METRICS_ADDR"] = "127.0.0.1",
            ["METRICS_PORT"] = "0",
            ["RATE_LIMIT"] = "0",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = ExporterApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            customize?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ExporterHost(app, new Uri(address));
    }

    public static Task<ExporterHost> StartAsync(BitcoinCoreSimulator node, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["BITCOIN_RPC_URL"] = node.UrlWithCredentials };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return StartAsync(settings);
    }

    /// <summary>GET /metrics, optionally with Prometheus's scrape-timeout header.</summary>
    public async Task<ScrapedMetrics> ScrapeAsync(double? scrapeTimeoutSeconds = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (scrapeTimeoutSeconds is { } seconds)
        {
            request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return ScrapedMetrics.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
