using Microsoft.Extensions.Options;
using NodeStack.Hosting.Profiles;

namespace NodeStack.Hosting.ExitCodes;

/// <summary>
/// Turns an invalid setting that escapes the AppHost's entry point into its message and exit code 2, instead of the
/// runtime's "Unhandled exception." with a stack trace and exit code 134. The settings are read while the model is
/// composed, before the dashboard or any resource starts, so there is nothing to stop. It is an unhandled-exception
/// handler rather than a catch in AppHost.cs because Aspire.Hosting.Testing runs the same entry point and must still
/// see the exception itself.
/// </summary>
internal static class InvalidSettingsExit
{
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += (_, e) => ExitIfInvalidSettings(e.ExceptionObject as Exception);
        }
    }

    private static void ExitIfInvalidSettings(Exception? exception)
    {
        if (InvalidSettingsMessage(exception) is { } message)
        {
            Console.Error.WriteLine(message);
            Environment.Exit(NodeStackExitCode.InvalidInput);
        }
    }

    /// <summary>The message of the invalid-settings exception in <paramref name="exception"/> or its inner exceptions, or null.</summary>
    internal static string? InvalidSettingsMessage(Exception? exception) => exception switch
    {
        NodeStackSettingsException or OptionsValidationException => exception.Message,
        AggregateException aggregate => aggregate.InnerExceptions.Select(InvalidSettingsMessage).FirstOrDefault(m => m is not null),
        { InnerException: { } inner } => InvalidSettingsMessage(inner),
        _ => null,
    };
}
