using NodeStack.Hosting.ExitCodes;

namespace Aspire.Hosting;

/// <summary>Makes the failures a user meets one clear message with a meaningful exit code.</summary>
public static class ExitCodeBuilderExtensions
{
    /// <summary>
    /// A bad setting or parameter (<see cref="NodeStack.Hosting.Profiles.NodeStackSettingsException"/> or an options validation failure)
    /// prints its message alone and exits with <see cref="NodeStackExitCode.InvalidInput"/> (2), before anything starts.
    /// A failed pipeline step (publish mode) prints one line per failed step with its reason and exits with
    /// <see cref="NodeStackExitCode.StepFailed"/> (1); Aspire 13 itself would exit 0. Stack traces appear only with
    /// <c>--log-level debug</c> (or trace).
    /// </summary>
    /// <remarks>Call it first, right after creating the builder, so it also covers the settings read after it.</remarks>
    /// <param name="builder">The application builder.</param>
    public static IDistributedApplicationBuilder AddNodeStackExitCodes(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        InvalidSettingsExit.Register();
        if (builder.ExecutionContext.IsPublishMode)
        {
            PipelineFailureExit.Register(builder.Services, ShowsStackTraces(builder.Configuration["Pipeline:LogLevel"]));
        }

        return builder;
    }

    // Aspire's --log-level (Pipeline:LogLevel) for pipeline output: debug and trace keep every log Aspire writes.
    private static bool ShowsStackTraces(string? level) =>
        level is not null &&
        (level.Equals("debug", StringComparison.OrdinalIgnoreCase) || level.Equals("trace", StringComparison.OrdinalIgnoreCase));
}
