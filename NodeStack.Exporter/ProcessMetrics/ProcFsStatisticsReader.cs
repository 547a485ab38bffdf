using System.Globalization;
using System.IO.Enumeration;

namespace NodeStack.Exporter.ProcessMetrics;

/// <summary>
/// Linux: reads /proc/self as client_golang's process collector (through prometheus/procfs) does. CPU time, virtual
/// and resident size from <c>stat</c>, the descriptors from the <c>fd</c> folder, the limit from <c>limits</c>, and
/// the start time from <c>stat</c>'s start tick plus the boot time in /proc/stat. Files are read into stack buffers
/// and parsed as bytes, so a scrape allocates only the file handles and the folder enumerator.
/// </summary>
public sealed class ProcFsStatisticsReader : ProcessStatisticsReader
{
    public const string StatPath = "/proc/self/stat";
    private const string LimitsPath = "/proc/self/limits";
    private const string FileDescriptorFolder = "/proc/self/fd";

    /// <summary>
    /// USER_HZ, the unit of /proc's clock ticks: the kernel ABI fixes it at 100 on every architecture .NET runs on
    /// (procfs assumes the same rather than ask sysconf).
    /// </summary>
    private const double TicksPerSecond = 100;

    // Fields of /proc/self/stat counted from the state field (field 3, the first after the command name's ")").
    private const int UserTicksField = 14 - 3;
    private const int SystemTicksField = 15 - 3;
    private const int StartTicksField = 22 - 3;
    private const int VirtualBytesField = 23 - 3;
    private const int ResidentPagesField = 24 - 3;

    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = true };

    private readonly double? _startTimeSeconds = StartTime();

    public override ProcessStatistics Read()
    {
        Span<byte> stat = stackalloc byte[1024];
        var length = ProcFile.Read(StatPath, stat);
        var fields = length > 0 ? FieldsAfterCommand(stat[..length]) : default;
        return new ProcessStatistics(
            CpuSeconds: Field(fields, UserTicksField) + Field(fields, SystemTicksField) is { } ticks ? ticks / TicksPerSecond : null,
            ResidentMemoryBytes: Field(fields, ResidentPagesField) * Environment.SystemPageSize,
            VirtualMemoryBytes: Field(fields, VirtualBytesField),
            OpenFileDescriptors: OpenFileDescriptors(),
            MaxFileDescriptors: MaxOpenFiles(),
            StartTimeSeconds: _startTimeSeconds);
    }

    private static double? StartTime()
    {
        Span<byte> stat = stackalloc byte[1024];
        var length = ProcFile.Read(StatPath, stat);
        return length > 0 && Field(FieldsAfterCommand(stat[..length]), StartTicksField) is { } ticks && BootTime() is { } boot
            ? boot + ticks / TicksPerSecond
            : null;
    }

    /// <summary>The "btime" line of /proc/stat: boot time in Unix seconds. Read once, so a plain line reader will do.</summary>
    private static double? BootTime()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                if (line.StartsWith("btime ", StringComparison.Ordinal))
                {
                    return double.TryParse(line.AsSpan(6), NumberStyles.None | NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture, out var boot) ? boot : null;
                }
            }
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            // No procfs boot time: the start time is omitted.
        }

        return null;
    }

    /// <summary>The command name may hold spaces and parentheses, so the fields start after its last ")".</summary>
    private static ReadOnlySpan<byte> FieldsAfterCommand(ReadOnlySpan<byte> stat) =>
        stat.LastIndexOf((byte)')') is var end and >= 0 && end + 2 <= stat.Length ? stat[(end + 2)..] : default;

    private static double? Field(ReadOnlySpan<byte> fields, int index)
    {
        foreach (var range in fields.Split((byte)' '))
        {
            if (index-- == 0)
            {
                return ulong.TryParse(fields[range].TrimEnd((byte)'\n'), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The entries of /proc/self/fd, counted without making a string per entry. As in procfs, the descriptor this
    /// enumeration holds on the folder is one of them.
    /// </summary>
    private static double? OpenFileDescriptors()
    {
        try
        {
            var count = 0;
            foreach (var _ in new FileSystemEnumerable<bool>(FileDescriptorFolder, static (ref FileSystemEntry _) => true, AllEntries))
            {
                count++;
            }

            return count;
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of the "Max open files" line of /proc/self/limits.</summary>
    private static double? MaxOpenFiles()
    {
        Span<byte> limits = stackalloc byte[4096];
        var length = ProcFile.Read(LimitsPath, limits);
        if (length <= 0)
        {
            return null;
        }

        var text = limits[..length];
        var line = text.IndexOf("Max open files"u8);
        if (line < 0)
        {
            return null;
        }

        var values = text[(line + "Max open files"u8.Length)..].TrimStart((byte)' ');
        var soft = values[..Math.Max(0, values.IndexOf((byte)' '))];
        return ulong.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }
}
