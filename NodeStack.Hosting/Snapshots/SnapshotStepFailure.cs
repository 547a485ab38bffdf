using Aspire.Hosting.Pipelines;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// A snapshot step that fails says why in one line and makes the AppHost exit with 1, instead of the pipeline's stack
/// trace and exit code 0. Only <see cref="SnapshotException"/> is a user-facing failure; anything else is a bug and
/// keeps its stack trace.
/// </summary>
internal static class SnapshotStepFailure
{
    /// <summary>The exit code of a failed step.</summary>
    public const int ExitCode = 1;

    public static async Task RunAsync(PipelineStepContext context, Func<PipelineStepContext, Task> step)
    {
        try
        {
            await step(context).ConfigureAwait(false);
        }
        catch (SnapshotException e)
        {
            SnapshotLog.Failed(context.Logger, e.Message);
            // Main returns void, so the process exits with Environment.ExitCode once the pipeline ends.
            Environment.ExitCode = ExitCode;
            await context.ReportingStep.FailAsync(e.Message, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
