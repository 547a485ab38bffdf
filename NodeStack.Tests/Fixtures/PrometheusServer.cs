using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> binary) on a free loopback port, with a configuration in a temp
/// folder, for tests that scrape real targets and run real queries.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TemporaryFolder _directory;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, TemporaryFolder directory, StringBuilder log, int port)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The loopback port Prometheus listens on.</summary>
    public int Port { get; }

    /// <summary>Prometheus' own output so far, for assertion messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts Prometheus with the configuration <paramref name="configuration"/> builds for its port, plus
    /// <paramref name="files"/> beside it (rule files), and waits until it is ready.
    /// </summary>
    public static Task<PrometheusServer> StartAsync(Func<int, string> configuration, IEnumerable<(string Path, string Content)>? files = null) =>
        StartAsync(port => Task.FromResult(configuration(port)), files);

    /// <summary>As <see cref="StartAsync(Func{int, string}, IEnumerable{ValueTuple{string, string}}?)"/>, with a configuration built asynchronously.</summary>
    public static async Task<PrometheusServer> StartAsync(Func<int, Task<string>> configuration, IEnumerable<(string Path, string Content)>? files = null)
    {
        var binary = RequiredTool.OnPath("prometheus", "apt-get install prometheus");
        var directory = new TemporaryFolder();
        var port = LoopbackPort.Free();
        var configFile = directory.Write("prometheus.yml", await configuration(port));
        foreach (var (path, content) in files ?? [])
        {
            directory.Write(path, content);
        }

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        start.ArgumentList.Add($"--config.file={configFile}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory.Path, "data")}");
        start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"));

        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start prometheus.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, directory, log, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs an instant query; fails with Prometheus' error message when the query is rejected.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync(
            "api/v1/query?query=" + Uri.EscapeDataString(promql), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus rejected '{promql}': {body}");
        }

        return json.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Polls <paramref name="promql"/> until it returns at least one series, or fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForSeriesAsync(string promql, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await QueryAsync(promql);
            if (result.GetArrayLength() > 0)
            {
                return result;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{promql}' returned no series within {timeout}. Prometheus log:\n{Log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"prometheus was not ready within 60 s:\n{Log}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
