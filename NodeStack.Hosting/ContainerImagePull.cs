using System.Diagnostics;

namespace NodeStack.Hosting;

/// <summary>What came of trying to get one image.</summary>
/// <param name="Reference">The image reference, such as <c>docker.io/bitcoin/bitcoin:31.1</c>.</param>
/// <param name="Failure">Why it could not be pulled (the runtime's last error line), or null when it is there or on its way.</param>
internal sealed record ContainerImagePullResult(string Reference, string? Failure);

/// <summary>
/// Makes sure an image is there before DCP starts containers from it, or finds out fast that it cannot be. DCP reports
/// a failed pull only as the container's state "FailedToStart" with the error in its log, and when an image of Aspire's
/// container tunnel cannot be pulled, it waits for the tunnel and starts nothing at all. An image already present is
/// used as is; otherwise <c>docker pull</c> (or <c>podman pull</c>) runs: it fails within seconds when the registry is
/// unreachable or lacks the image, and once it reports "Pulling from", the registry has it and the pull is left to finish
/// in the background (DCP's own pull joins it), so a first run with a network does not wait for the downloads here.
/// </summary>
internal static class ContainerImagePull
{
    /// <summary>How long to wait for a pull to fail or start downloading; a slower registry is left to DCP.</summary>
    public static readonly TimeSpan VerdictTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ContainerImagePullResult> EnsureAsync(string runtimeExecutable, string reference, CancellationToken cancellationToken)
    {
        using (var inspect = Start(runtimeExecutable, "image", "inspect", "--format", "{{.Id}}", reference))
        {
            await inspect.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (inspect.ExitCode == 0)
            {
                return new(reference, null);
            }
        }

        var pull = Start(runtimeExecutable, "pull", reference);
        var downloading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastError = "";
        pull.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Pulling from", StringComparison.Ordinal) == true)
            {
                downloading.TrySetResult();
            }
        };
        pull.ErrorDataReceived += (_, line) => lastError = string.IsNullOrWhiteSpace(line.Data) ? lastError : line.Data.Trim();
        pull.BeginOutputReadLine();
        pull.BeginErrorReadLine();
        // The pull outlives this method when it is downloading; the process object goes when it ends.
        var exitCode = ExitCodeAsync(pull);
        await Task.WhenAny(exitCode, downloading.Task, Task.Delay(VerdictTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return exitCode.IsCompletedSuccessfully && exitCode.Result != 0
            ? new(reference, lastError.Length > 0 ? lastError : $"{runtimeExecutable} pull exited with {exitCode.Result}")
            : new(reference, null);
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        using (process)
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    private static Process Start(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
    }
}
