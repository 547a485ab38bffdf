using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NodeStack.Hosting.Monitoring;

/// <summary>Reads and writes a <see cref="TimeSpan"/> in Prometheus' duration syntax (<c>15d</c>, <c>1h30m</c>, <c>500ms</c>).</summary>
internal static partial class PrometheusDuration
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

    /// <summary>
    /// Reads Prometheus' duration syntax: whole numbers with the units <c>y</c> (365 days), <c>w</c>, <c>d</c>, <c>h</c>,
    /// <c>m</c>, <c>s</c> and <c>ms</c>, each at most once and largest first, as in <c>30d</c> or <c>1h30m</c>.
    /// </summary>
    /// <param name="text">The text to read.</param>
    /// <param name="duration">The duration, when the text is one and is positive.</param>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = text is null ? null : Syntax().Match(text.Trim());
        if (match is null || !match.Success || match.Length == 0)
        {
            return false;
        }

        try
        {
            duration = Part(match, "y", TimeSpan.FromDays(365)) + Part(match, "w", TimeSpan.FromDays(7)) + Part(match, "d", TimeSpan.FromDays(1))
                + Part(match, "h", TimeSpan.FromHours(1)) + Part(match, "m", TimeSpan.FromMinutes(1))
                + Part(match, "s", TimeSpan.FromSeconds(1)) + Part(match, "ms", TimeSpan.FromMilliseconds(1));
        }
        catch (OverflowException)
        {
            return false;
        }

        return duration > TimeSpan.Zero;
    }

    private static TimeSpan Part(Match match, string unit, TimeSpan length) =>
        match.Groups[unit].Success ? checked(length * long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture)) : TimeSpan.Zero;

    [GeneratedRegex(@"^(?:(?<y>\d{1,6})y)?(?:(?<w>\d{1,6})w)?(?:(?<d>\d{1,6})d)?(?:(?<h>\d{1,7})h)?(?:(?<m>\d{1,9})m)?(?:(?<s>\d{1,10})s)?(?:(?<ms>\d{1,12})ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
