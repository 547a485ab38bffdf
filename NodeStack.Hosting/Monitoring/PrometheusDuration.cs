using System.Globalization;
using System.Text;

namespace NodeStack.Hosting.Monitoring;

/// <summary>Writes a <see cref="TimeSpan"/> in Prometheus' duration syntax (<c>15d</c>, <c>1h30m</c>, <c>500ms</c>).</summary>
public static class PrometheusDuration
{
    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    /// <summary>Formats a positive whole number of milliseconds, largest units first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The span is not positive or has sub-millisecond parts.</exception>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(duration), duration, "A Prometheus duration is a positive whole number of milliseconds.");
        }

        var text = new StringBuilder();
        var rest = duration;
        foreach (var (unit, length) in Units)
        {
            var count = rest.Ticks / length.Ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                rest -= TimeSpan.FromTicks(count * length.Ticks);
            }
        }

        return text.ToString();
    }
}
