using System.Globalization;

namespace NodeStack.Exporter.Options;

/// <summary>
/// Reads raw settings from configuration and records one error per bad value, naming the setting and what it accepts.
/// Values that may hold secrets (URLs, passwords) are never echoed back in messages.
/// </summary>
internal sealed class SettingReader(IConfiguration configuration, List<string> errors)
{
    public string? Text(string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public void Fail(string key, string problem) => errors.Add($"{SettingNames.Display(key)}: {problem}");

    public int? Port(string key, bool allowZero = false)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        var lowest = allowZero ? 0 : 1;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port >= lowest && port <= 65535)
        {
            return port;
        }

        Fail(key, $"'{text}' is not a TCP port (an integer from {lowest} to 65535).");
        return null;
    }

    public int? Integer(string key, int min, int max)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail(key, max == int.MaxValue ? $"'{text}' is not an integer of {min} or more." : $"'{text}' is not an integer from {min} to {max}.");
        return null;
    }

    public TimeSpan? Seconds(string key, bool allowZero)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && (seconds > 0 || (allowZero && seconds == 0)) && seconds <= 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        Fail(key, $"'{text}' is not a number of seconds ({(allowZero ? "0" : "more than 0")} up to 86400).");
        return null;
    }

    /// <summary>A comma-separated list of distinct integers; set but empty means an empty list (as in the Python exporter).</summary>
    public IReadOnlyList<int>? IntegerList(string key, int min, int max)
    {
        var raw = configuration[key];
        if (raw is null)
        {
            return null;
        }

        var values = new List<int>();
        foreach (var part in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                Fail(key, $"'{part}' is not an integer from {min} to {max} (expected a comma-separated list such as '{DefaultExample(key)}').");
                return null;
            }

            if (values.Contains(value))
            {
                Fail(key, $"'{part}' is listed twice; each value names its own metric, so values must be distinct.");
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    public string? Choice(string key, params string[] allowed)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(choice => string.Equals(choice, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Fail(key, $"'{text}' is not one of: {string.Join(", ", allowed)}.");
        }

        return match;
    }

    /// <summary>An absolute http(s) URL. The value is not echoed: it may carry a password.</summary>
    public Uri? HttpUrl(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host))
        {
            return uri;
        }

        Fail(key, "is not an absolute http or https URL (expected http://<user>:<password>@<host>:<port>, userinfo percent-encoded).");
        return null;
    }

    /// <summary>A file path, with a leading ~ expanded to the home directory.</summary>
    public string? FilePath(string key) => Text(key) is { } path ? ExpandHome(path) : null;

    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;

    private static string DefaultExample(string key) => key == SettingNames.HashpsBlocks ? "-1,1,120" : "2,3,5,20";
}
