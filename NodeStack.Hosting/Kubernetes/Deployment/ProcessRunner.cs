using System.Diagnostics;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>An external program run with an argument list (never a shell string).</summary>
internal sealed record ExternalCommand(string Program, IReadOnlyList<string> Arguments)
{
    public override string ToString() => Program + " " + string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}

/// <summary>What a finished program returned.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs external programs (docker, k3d, dotnet) so the plan can be tested without them.</summary>
internal interface IProcessRunner
{
    /// <summary>Whether <paramref name="program"/> is on PATH, as the OS would find it to start it.</summary>
    bool IsOnPath(string program);

    Task<ProcessResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken);
}

/// <summary>Runs programs for real, capturing their output.</summary>
internal sealed class ProcessRunner : IProcessRunner
{
    public bool IsOnPath(string program) => ExecutableSearch.ForThisMachine.IsOnPath(program);

    public async Task<ProcessResult> RunAsync(ExternalCommand command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command.Program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
