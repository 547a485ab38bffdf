using System.Collections.Concurrent;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.ExitCodes;

/// <summary>
/// Passes everything on to Aspire's reporter, remembers which steps fail and why, and when the pipeline completes with
/// an error, or after a step that reported its failure, logs each failed step once (its exception's message, which says
/// what to do) and sets the exit code.
/// </summary>
internal sealed partial class FailureReportingActivityReporter(IPipelineActivityReporter inner, ILogger logger) : IPipelineActivityReporter
{

    private readonly ConcurrentQueue<(string Step, string Reason)> _failures = new();

    public async Task<IReportingStep> CreateStepAsync(string title, CancellationToken cancellationToken = default) =>
        new FailureRecordingStep(await inner.CreateStepAsync(title, cancellationToken).ConfigureAwait(false), title, _failures);

    public async Task<IReportingStep> CreateStepAsync(string title, string? parentStepId, int hierarchyLevel, CancellationToken cancellationToken = default) =>
        new FailureRecordingStep(await inner.CreateStepAsync(title, parentStepId, hierarchyLevel, cancellationToken).ConfigureAwait(false), title, _failures);

    public Task CompletePublishAsync(PublishCompletionOptions? options = null, CancellationToken cancellationToken = default)
    {
        // A step may also report its failure and return (so that later steps still run): that fails the run too.
        if (options?.CompletionState == CompletionState.CompletedWithError || !_failures.IsEmpty)
        {
            ReportFailures(options?.CompletionMessage);
        }

        return inner.CompletePublishAsync(options, cancellationToken);
    }

    [Obsolete("Use CompletePublishAsync(PublishCompletionOptions?, CancellationToken) instead.")]
    public Task CompletePublishAsync(string? completionMessage = null, CompletionState? completionState = null, CancellationToken cancellationToken = default) =>
        CompletePublishAsync(new PublishCompletionOptions { CompletionMessage = completionMessage, CompletionState = completionState }, cancellationToken);

    private void ReportFailures(string? pipelineMessage)
    {
        Environment.ExitCode = NodeStackExitCode.StepFailed;
        var failures = _failures.ToList();
        if (failures.Count == 0)
        {
            // The pipeline failed before any step ran, such as an unknown --step.
            LogPipelineFailed(logger, pipelineMessage ?? "no reason given");
            return;
        }

        foreach (var (step, reason) in failures)
        {
            // Aspire's own wrapping of the step's exception message, left off so the reason reads once.
            var prefix = $"Step '{step}' failed: ";
            LogStepFailed(logger, step, reason.StartsWith(prefix, StringComparison.Ordinal) ? reason[prefix.Length..] : reason);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Step} failed: {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string step, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The pipeline failed: {Reason}")]
    private static partial void LogPipelineFailed(ILogger logger, string reason);

    /// <summary>A step's reporting, passed on, that records a completion with an error (a failed step).</summary>
    private sealed class FailureRecordingStep(IReportingStep inner, string title, ConcurrentQueue<(string, string)> failures) : IReportingStep
    {
        public Task<IReportingTask> CreateTaskAsync(string statusText, CancellationToken cancellationToken = default) =>
            inner.CreateTaskAsync(statusText, cancellationToken);

        public Task<IReportingTask> CreateTaskAsync(MarkdownString statusText, CancellationToken cancellationToken = default) =>
            inner.CreateTaskAsync(statusText, cancellationToken);

        [Obsolete("Use Log(LogLevel, string) or Log(LogLevel, MarkdownString) instead.")]
        public void Log(LogLevel logLevel, string message, bool enableMarkdown) => inner.Log(logLevel, message, enableMarkdown);

        public void Log(LogLevel logLevel, string message) => inner.Log(logLevel, message);

        public void Log(LogLevel logLevel, MarkdownString message) => inner.Log(logLevel, message);

        public Task CompleteAsync(string completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
        {
            Record(completionText, completionState);
            return inner.CompleteAsync(completionText, completionState, cancellationToken);
        }

        public Task CompleteAsync(MarkdownString completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
        {
            Record(completionText?.Value, completionState);
            return inner.CompleteAsync(completionText!, completionState, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        // The pipeline's own top-level step fails without a text ("Failed"); the steps that failed say why.
        private void Record(string? text, CompletionState state)
        {
            if (state == CompletionState.CompletedWithError && text is { Length: > 0 } && text != "Failed")
            {
                failures.Enqueue((title, text));
            }
        }
    }
}
