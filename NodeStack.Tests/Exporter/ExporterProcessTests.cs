using System.Net;
using System.Net.Sockets;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;
using static NodeStack.Tests.Exporter.ExporterProcess;

namespace NodeStack.Tests.Exporter;

/// <summary>The exporter as its own process, as deployments run it: startup errors, logs, real HTTP, valid exposition.</summary>
public sealed class ExporterProcessTests
{
    [Fact]
    public async Task Exporter_process_stops_at_startup_with_a_message_naming_each_bad_setting()
    {
        using var exporter = Start(new()
        {
            ["BITCOIN_RPC_URL"] = "http://exporter:not-for-logs@127.0.0.1:1",
            ["METRICS_PORT"] = "ninety",
            ["SMARTFEE_BLOCKS"] = "2,0",
        });

        var result = await exporter.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("METRICS_PORT: 'ninety' is not a TCP port", result.Error, StringComparison.Ordinal);
        Assert.Contains("SMARTFEE_BLOCKS: '0' is not an integer from 1 to 1008", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-logs", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exporter_process_names_its_listen_settings_in_one_line_and_exits_2_when_the_address_is_in_use(bool throughAspNetCoreUrls)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = Text(((IPEndPoint)taken.LocalEndpoint).Port);
        var settings = new Dictionary<string, string> { ["BITCOIN_RPC_URL"] = "http://exporter:pw@127.0.0.1:1" };
        if (throughAspNetCoreUrls)
        {
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }
        else
        {
            (settings["METRICS_ADDR"], settings["METRICS_PORT"]) = ("127.0.0.1", port);
        }

        using var exporter = Start(settings);
        var result = await exporter.WaitForExitAsync();

        var named = throughAspNetCoreUrls ? $"ASPNETCORE_URLS (--urls) 'http://127.0.0.1:{port}'" : $"METRICS_ADDR 127.0.0.1, METRICS_PORT {port}";
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"NodeStack.Exporter cannot start: {named}: address in use (another process listens there).\n", result.Error);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_process_keeps_its_log_levels_when_started_from_another_working_directory()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        using var elsewhere = new TemporaryFolder();
        var port = LoopbackPort.Free();
        using var exporter = Start(new()
        {
            ["BITCOIN_RPC_URL"] = node.UrlWithCredentials, ["METRICS_ADDR"] = "127.0.0.1", ["METRICS_PORT"] = Text(port),
        }, elsewhere.Path);

        await GetWhenReadyAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var result = await exporter.StopAsync();

        Assert.Contains("Exporting Bitcoin node", result.Output, StringComparison.Ordinal);
        // ASP.NET Core logs every request at Information; the exporter keeps Microsoft.AspNetCore at Warning.
        Assert.DoesNotContain("Request starting", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WARNING", "REFRESH_SECONDS is ignored", "Exporting Bitcoin node")]
    [InlineData("DEBUG", "RPC getindexinfo failed with code -32601", "Request starting")]
    public async Task LOG_LEVEL_sets_the_default_log_level_as_in_the_Python_exporter(string level, string logged, string notLogged)
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.MissingMethods.Add("getindexinfo");
        var port = LoopbackPort.Free();
        using var exporter = Start(new()
        {
            ["BITCOIN_RPC_URL"] = node.UrlWithCredentials, ["METRICS_ADDR"] = "127.0.0.1", ["METRICS_PORT"] = Text(port),
            ["LOG_LEVEL"] = level, ["REFRESH_SECONDS"] = "300",
        });

        await GetWhenReadyAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var result = await exporter.StopAsync();

        Assert.Contains(logged, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(notLogged, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_process_serves_valid_Prometheus_text_over_HTTP()
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        await using var node = await BitcoinCoreSimulator.StartAsync();
        var port = LoopbackPort.Free();
        using var exporter = Start(new()
        {
            ["BITCOIN_RPC_URL"] = node.UrlWithCredentials, ["METRICS_ADDR"] = "127.0.0.1", ["METRICS_PORT"] = Text(port),
        });

        var text = await GetWhenReadyAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        Assert.Equal(1, ScrapedMetrics.Parse(text)["bitcoin_up"]);
        // promtool parses the exposition (a syntax error fails here) and lints names. The only finding allowed is the
        // Python exporter's gauge bitcoin_meminfo_total, kept by name so existing dashboards keep working.
        var problems = await CheckMetricsAsync(promtool, text);
        Assert.All(problems, problem => Assert.StartsWith("bitcoin_meminfo_total non-counter metrics should not have \"_total\" suffix", problem, StringComparison.Ordinal));
    }

    private static async Task<string[]> CheckMetricsAsync(string promtool, string text)
    {
        var check = await ToolProcess.RunAsync(promtool, ["check", "metrics"], input: text);
        return (check.Output + check.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
