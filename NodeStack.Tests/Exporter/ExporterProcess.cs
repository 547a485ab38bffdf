using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// The real exporter as its own process (<c>dotnet NodeStack.Exporter.dll</c>), as deployments run it, with what it
/// printed. Settings use the exporter's environment-variable names; the working directory is chosen by the test.
/// </summary>
public sealed class ExporterProcess : IDisposable
{
    private static readonly string ExporterDll = Path.Combine(AppContext.BaseDirectory, "NodeStack.Exporter.dll");
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ExporterProcess(Process process) => _process = process;

    public static ExporterProcess Start(Dictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", [ExporterDll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var exporter = new ExporterProcess(Process.Start(start)!);
        exporter._process.OutputDataReceived += (_, line) => Append(exporter._output, line.Data);
        exporter._process.ErrorDataReceived += (_, line) => Append(exporter._error, line.Data);
        exporter._process.BeginOutputReadLine();
        exporter._process.BeginErrorReadLine();
        return exporter;
    }

    public static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits for the exporter to exit by itself (a startup error) and returns what it printed.</summary>
    public async Task<ToolResult> WaitForExitAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(limit.Token);
        // WaitForExitAsync returns once the output streams are drained.
        return Result();
    }

    /// <summary>Stops the exporter as a service manager does (SIGTERM): it shuts down cleanly and flushes its logs.</summary>
    public async Task<ToolResult> StopAsync()
    {
        var kill = await ToolProcess.RunAsync("kill", ["-TERM", Text(_process.Id)]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        return await WaitForExitAsync();
    }

    /// <summary>GET <paramref name="url"/>, retrying while the exporter is still starting.</summary>
    public static async Task<string> GetWhenReadyAsync(Uri url)
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private ToolResult Result()
    {
        lock (_output)
        {
            lock (_error)
            {
                return new ToolResult(_process.ExitCode, _output.ToString(), _error.ToString());
            }
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.Append(line).Append('\n');
        }
    }
}
