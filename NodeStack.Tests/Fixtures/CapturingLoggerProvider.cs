using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NodeStack.Tests.Fixtures;

/// <summary>Collects every log message (with its exception) so a test can assert what was logged, or what never was.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>The messages logged at <see cref="LogLevel.Error"/> or above.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(Messages, Errors);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> messages, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception) + " " + exception;
            messages.Enqueue(message);
            if (logLevel >= LogLevel.Error)
            {
                errors.Enqueue(message);
            }
        }
    }
}
