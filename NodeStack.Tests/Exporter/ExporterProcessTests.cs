using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>The exporter as its own process, as deployments run it: startup errors, real HTTP, valid exposition.</summary>
public sealed class ExporterProcessTests
{
    private static readonly string ExporterDll = Path.Combine(AppContext.BaseDirectory, "NodeStack.Exporter.dll");

    [Fact]
    public async Task Exporter_process_stops_at_startup_with_a_message_naming_each_bad_setting()
    {
        using var exporter = StartExporter(new()
        {
            ["BITCOIN_RPC_URL"] = "http://exporter:not-for-logs@127.0.0.1:1",
            ["METRICS_PORT"] = "ninety",
            ["SMARTFEE_BLOCKS"] = "2,0",
        });

        var stderr = await exporter.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await exporter.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, exporter.ExitCode);
        Assert.Contains("METRICS_PORT: 'ninety' is not a TCP port", stderr, StringComparison.Ordinal);
        Assert.Contains("SMARTFEE_BLOCKS: '0' is not an integer from 1 to 1008", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-logs", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_process_serves_valid_Prometheus_text_over_HTTP()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        await using var node = await BitcoinCoreSimulator.StartAsync();
        var port = FreePort();
        using var exporter = StartExporter(new()
        {
            ["BITCOIN_RPC_URL"] = node.UrlWithCredentials,
            ["METRICS_ADDR"] = "127.0.0.1",
            ["METRICS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            var text = await ScrapeWhenReadyAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

            Assert.Equal(1, ScrapedMetrics.Parse(text)["bitcoin_up"]);
            // promtool parses the exposition (a syntax error fails here) and lints names. The only finding allowed is the
            // Python exporter's gauge bitcoin_meminfo_total, kept by name so existing dashboards keep working.
            var problems = await CheckMetricsAsync(promtool, text);
            Assert.All(problems, problem => Assert.StartsWith("bitcoin_meminfo_total non-counter metrics should not have \"_total\" suffix", problem, StringComparison.Ordinal));
        }
        finally
        {
            exporter.Kill();
        }
    }

    private static Process StartExporter(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [ExporterDll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<string> ScrapeWhenReadyAsync(Uri url)
    {
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetStringAsync(url, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    private static async Task<string[]> CheckMetricsAsync(string promtool, string text)
    {
        using var check = Process.Start(new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await check.StandardInput.WriteAsync(text);
        check.StandardInput.Close();
        var output = await check.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
            + await check.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await check.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
