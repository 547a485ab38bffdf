using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.ExitCodes;

/// <summary>
/// Aspire 13.6 runs the pipeline in a background service. A failed step is logged three times with stack traces
/// (by the pipeline, by its executor and by the host) and the host then stops normally: <c>dotnet run</c> exits 0, so a
/// script or CI job cannot tell (dotnet/aspire#12854). Aspire does report every outcome to its
/// <see cref="IPipelineActivityReporter"/>, the seam the Aspire CLI reads: NodeStack wraps it, prints one line per failed
/// step and sets the exit code. Aspire's own error logs of the pipeline and host are filtered out unless
/// stack traces are asked for (<c>--log-level debug</c>).
/// </summary>
internal static class PipelineFailureExit
{
    public const string LoggerCategory = "NodeStack.Pipeline";

    private static readonly string[] AspireFailureCategories =
    [
        "Aspire.Hosting.Publishing.PipelineExecutor",
        "Microsoft.Extensions.Hosting.Internal.Host",
    ];

    public static void Register(IServiceCollection services, bool showStackTraces)
    {
        var aspire = services.LastOrDefault(d => d.ServiceType == typeof(IPipelineActivityReporter) && d.ImplementationFactory is not null)
            ?? throw new InvalidOperationException("Aspire registers no IPipelineActivityReporter factory: this Aspire version is not supported.");
        services.Remove(aspire);
        services.AddSingleton<IPipelineActivityReporter>(sp => new FailureReportingActivityReporter(
            (IPipelineActivityReporter)aspire.ImplementationFactory!(sp),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory)));
        if (!showStackTraces)
        {
            // Per category, so that the rule replaces Aspire's level for it and nothing else: information and warnings only.
            services.AddLogging(logging =>
            {
                foreach (var category in AspireFailureCategories)
                {
                    logging.AddFilter(category, level => level is LogLevel.Information or LogLevel.Warning);
                }
            });
        }
    }
}
