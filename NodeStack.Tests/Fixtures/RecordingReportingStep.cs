using System.Collections.Concurrent;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;

namespace NodeStack.Tests.Fixtures;

/// <summary>A pipeline reporting step that records what a step reports (tasks, their updates, log lines) for assertions.</summary>
internal sealed class RecordingReportingStep : IReportingStep
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public Task<IReportingTask> CreateTaskAsync(string statusText, CancellationToken cancellationToken = default)
    {
        _lines.Enqueue("task: " + statusText);
        return Task.FromResult<IReportingTask>(new RecordingTask(this));
    }

    public Task<IReportingTask> CreateTaskAsync(MarkdownString statusText, CancellationToken cancellationToken = default) =>
        CreateTaskAsync(statusText.Value, cancellationToken);

    public void Log(LogLevel logLevel, string message, bool enableMarkdown) => Log(logLevel, message);

    /// <summary>Records <c>log: message</c> for information, <c>log warning: message</c> and so on for other levels.</summary>
    public void Log(LogLevel logLevel, string message) =>
        _lines.Enqueue((logLevel == LogLevel.Information ? "log: " : $"log {logLevel.ToString().ToLowerInvariant()}: ") + message);

    public void Log(LogLevel logLevel, MarkdownString message) => Log(logLevel, message.Value);

    public Task CompleteAsync(string completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
    {
        _lines.Enqueue($"step {completionState}: {completionText}");
        return Task.CompletedTask;
    }

    public Task CompleteAsync(MarkdownString completionText, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default) =>
        CompleteAsync(completionText.Value, completionState, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class RecordingTask(RecordingReportingStep step) : IReportingTask
    {
        public System.Threading.Tasks.Task UpdateAsync(string statusText, CancellationToken cancellationToken = default)
        {
            step._lines.Enqueue("update: " + statusText);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public System.Threading.Tasks.Task UpdateAsync(MarkdownString statusText, CancellationToken cancellationToken = default) =>
            UpdateAsync(statusText.Value, cancellationToken);

        public System.Threading.Tasks.Task CompleteAsync(string? completionMessage = null, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default)
        {
            step._lines.Enqueue($"done {completionState}: {completionMessage}");
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public System.Threading.Tasks.Task CompleteAsync(MarkdownString? completionMessage, CompletionState completionState = CompletionState.Completed, CancellationToken cancellationToken = default) =>
            CompleteAsync(completionMessage?.Value, completionState, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
