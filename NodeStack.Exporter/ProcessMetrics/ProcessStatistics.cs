namespace NodeStack.Exporter.ProcessMetrics;

/// <summary>
/// The values of the standard process metrics (as every Prometheus client library serves them), each null where this
/// platform gives no reliable value: the exporter omits a family rather than invent one.
/// </summary>
/// <param name="CpuSeconds">User plus system CPU time.</param>
/// <param name="ResidentMemoryBytes">Resident set size.</param>
/// <param name="VirtualMemoryBytes">Virtual memory size.</param>
/// <param name="OpenFileDescriptors">File descriptors open now.</param>
/// <param name="MaxFileDescriptors">The soft limit on open file descriptors.</param>
/// <param name="StartTimeSeconds">When the process started, in Unix seconds.</param>
public readonly record struct ProcessStatistics(
    double? CpuSeconds,
    double? ResidentMemoryBytes,
    double? VirtualMemoryBytes,
    double? OpenFileDescriptors,
    double? MaxFileDescriptors,
    double? StartTimeSeconds);

/// <summary>Reads the exporter's own <see cref="ProcessStatistics"/> at each scrape.</summary>
public abstract class ProcessStatisticsReader
{
    public abstract ProcessStatistics Read();

    /// <summary>procfs on Linux (what client_golang reads); elsewhere what the .NET runtime reports.</summary>
    public static ProcessStatisticsReader ForCurrentProcess() =>
        OperatingSystem.IsLinux() && File.Exists(ProcFsStatisticsReader.StatPath) ? new ProcFsStatisticsReader() : new RuntimeStatisticsReader();
}
