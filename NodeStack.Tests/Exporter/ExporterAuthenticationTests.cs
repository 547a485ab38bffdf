using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>Cookie-file authentication across node restarts, and credentials kept out of logs, traces and metrics.</summary>
public sealed class ExporterAuthenticationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("exporter-auth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Exporter_rereads_the_cookie_file_when_bitcoind_rewrites_it_on_restart()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        var cookie = Path.Combine(_directory, ".cookie");
        RestartNodeWithCookie(node, cookie, "first-cookie-secret");
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?>
        {
            ["BITCOIN_RPC_HOST"] = node.Url.Host,
            ["BITCOIN_RPC_PORT"] = node.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BITCOIN_RPC_COOKIE_FILE"] = cookie,
        });
        Assert.Equal(1, (await exporter.ScrapeAsync())["bitcoin_up"]);

        RestartNodeWithCookie(node, cookie, "second-cookie-secret");
        var afterRestart = await exporter.ScrapeAsync();

        Assert.Equal(1, afterRestart["bitcoin_up"]);
        Assert.Equal(0, afterRestart["bitcoin_exporter_errors_total{type=\"unauthorized\"}"]);
    }

    [Fact]
    public async Task Exporter_retries_once_with_a_reread_cookie_after_a_401()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        var cookie = Path.Combine(_directory, ".cookie");
        RestartNodeWithCookie(node, cookie, "first-cookie-secret");
        var written = File.GetLastWriteTimeUtc(cookie);
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?>
        {
            ["BITCOIN_RPC_URL"] = node.Url.ToString(),
            ["BITCOIN_RPC_COOKIE_FILE"] = cookie,
        });
        await exporter.ScrapeAsync();

        // Same size and timestamp: only the node's 401 can tell the exporter that the cookie changed.
        RestartNodeWithCookie(node, cookie, "other-cookie-secret");
        File.SetLastWriteTimeUtc(cookie, written);
        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.Equal(4, node.HttpRequests);
    }

    [Fact]
    public async Task A_missing_cookie_file_is_a_node_fault_not_a_crash()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?>
        {
            ["BITCOIN_RPC_URL"] = node.Url.ToString(),
            ["BITCOIN_RPC_COOKIE_FILE"] = Path.Combine(_directory, "not-yet-written", ".cookie"),
        });

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(0, metrics["bitcoin_up"]);
        Assert.Equal(1, metrics["bitcoin_exporter_errors_total{type=\"credentials\"}"]);
        Assert.Equal(0, node.HttpRequests);
    }

    [Fact]
    public async Task Credentials_never_appear_in_logs_traces_or_metrics()
    {
        const string password = "Sup3r-Secret-RPC-Passw0rd";
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Password = password;
        using var logs = new CapturingLoggerProvider();
        var traces = new ConcurrentQueue<string>();
        using var listener = ListenToEveryActivity(traces);
        await using var exporter = await ExporterHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["BITCOIN_RPC_URL"] = node.UrlWithCredentials,
                // Every category at every level, the framework's too.
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            },
            builder => builder.Logging.AddProvider(logs));

        var texts = new List<string> { (await exporter.ScrapeAsync()).Text };
        node.Fault = SimulatedFault.Unauthorized;
        texts.Add((await exporter.ScrapeAsync()).Text);
        node.Fault = SimulatedFault.DropConnection;
        texts.Add((await exporter.ScrapeAsync()).Text);

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.User}:{password}"));
        Assert.NotEmpty(logs.Messages);
        Assert.Contains(traces, trace => trace.StartsWith("rpc batch", StringComparison.Ordinal));
        foreach (var text in logs.Messages.Concat(traces).Concat(texts))
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        }
    }

    private static void RestartNodeWithCookie(BitcoinCoreSimulator node, string path, string secret)
    {
        node.User = "__cookie__";
        node.Password = secret;
        File.WriteAllText(path, $"__cookie__:{secret}");
    }

    private static ActivityListener ListenToEveryActivity(ConcurrentQueue<string> traces)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traces.Enqueue(
                $"{activity.DisplayName} {activity.StatusDescription} {string.Join(' ', activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))}"),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
