namespace NodeStack.Exporter.ProcessMetrics;

/// <summary>
/// Outside Linux: only what .NET reports reliably and cheaply on every platform. Virtual memory and file descriptors
/// are omitted (Windows has handles, not descriptors, and its virtual size means reading every process's information).
/// </summary>
public sealed class RuntimeStatisticsReader : ProcessStatisticsReader
{
    private readonly double _startTimeSeconds = StartTime();

    public override ProcessStatistics Read() => new(
        CpuSeconds: Environment.CpuUsage.TotalTime.TotalSeconds,
        ResidentMemoryBytes: Environment.WorkingSet,
        VirtualMemoryBytes: null,
        OpenFileDescriptors: null,
        MaxFileDescriptors: null,
        StartTimeSeconds: _startTimeSeconds);

    private static double StartTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }
}
