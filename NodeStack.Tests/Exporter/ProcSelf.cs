using System.Globalization;

namespace NodeStack.Tests.Exporter;

/// <summary>What /proc/self shows for the test process (which hosts the in-process exporter), read the plain way.</summary>
public static class ProcSelf
{
    /// <summary>/proc's clock tick (USER_HZ), as `getconf CLK_TCK` prints it on Linux.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Field <paramref name="number"/> of /proc/self/stat, numbered as in proc(5) (1 is the pid).</summary>
    public static double StatField(int number)
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var afterCommand = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(afterCommand[number - 3], CultureInfo.InvariantCulture);
    }

    public static double CpuSeconds => (StatField(14) + StatField(15)) / TicksPerSecond;

    public static double VirtualMemoryBytes => StatField(23);

    public static double ResidentMemoryBytes => StatField(24) * Environment.SystemPageSize;

    public static int OpenFileDescriptors => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    public static double MaxOpenFiles => double.Parse(
        File.ReadAllLines("/proc/self/limits").Single(line => line.StartsWith("Max open files", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3],
        CultureInfo.InvariantCulture);

    /// <summary>Boot time (/proc/stat btime) plus the start tick (/proc/self/stat field 22).</summary>
    public static double StartTimeSeconds =>
        double.Parse(File.ReadLines("/proc/stat").Single(line => line.StartsWith("btime ", StringComparison.Ordinal))[6..], CultureInfo.InvariantCulture)
        + StatField(22) / TicksPerSecond;
}
