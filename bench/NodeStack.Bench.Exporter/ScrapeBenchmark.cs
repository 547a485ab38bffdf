using System.Diagnostics;
using System.Globalization;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Bench.Exporter;

/// <summary>Scrape latency percentiles, node requests and calls per scrape, and the exporter's memory.</summary>
public sealed record ScrapeResult(double MedianMs, double P95Ms, double RequestsPerScrape, double CallsPerScrape, double RssMb, double PeakRssMb);

/// <summary>One benchmark row: a fresh simulator and exporter process, warm-up, then timed sequential scrapes.</summary>
public static class ScrapeBenchmark
{
    private const int WarmUpScrapes = 50;

    public static async Task<ScrapeResult> RunAsync(ExporterBuild build, TimeSpan perRequest, TimeSpan perCall, string rateLimit, int scrapes)
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.RequestLatency = perRequest;
        node.CallLatency = perCall;
        var port = LoopbackPort.Free();
        using var exporter = Start(build, node, port, rateLimit);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitUntilServingAsync(http);
            for (var i = 0; i < WarmUpScrapes; i++)
            {
                await ScrapeAsync(http);
            }

            var (requests, calls) = (node.HttpRequests, node.JsonRpcCalls);
            var latencies = new double[scrapes];
            for (var i = 0; i < scrapes; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await ScrapeAsync(http);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Array.Sort(latencies);
            var (rss, peak) = Memory(exporter.Id);
            return new ScrapeResult(
                latencies[scrapes / 2], latencies[(int)(scrapes * 0.95)],
                (node.HttpRequests - requests) / (double)scrapes, (node.JsonRpcCalls - calls) / (double)scrapes, rss, peak);
        }
        finally
        {
            exporter.Kill();
            await exporter.WaitForExitAsync();
        }
    }

    private static Process Start(ExporterBuild build, BitcoinCoreSimulator node, int port, string rateLimit)
    {
        var start = new ProcessStartInfo(build.FileName, build.Arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["BITCOIN_RPC_URL"] = node.UrlWithCredentials;
        start.Environment["METRICS_ADDR"] = "127.0.0.1";
        start.Environment["METRICS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["RATE_LIMIT"] = rateLimit;
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !text.Contains("bitcoin_up 1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The exporter did not report bitcoin_up 1:\n" + text);
        }
    }

    private static async Task WaitUntilServingAsync(HttpClient http)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ScrapeAsync(http);
                return;
            }
            catch (HttpRequestException) when (attempt < 150)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>VmRSS and VmHWM (peak) of the exporter process, in MB, from /proc.</summary>
    private static (double Rss, double Peak) Memory(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Read(string key) => double.Parse(
            status.Single(line => line.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS:"), Read("VmHWM:"));
    }
}
