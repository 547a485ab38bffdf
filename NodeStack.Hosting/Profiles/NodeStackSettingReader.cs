using System.Globalization;
using Microsoft.Extensions.Configuration;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Profiles;

/// <summary>
/// Reads typed NodeStack settings from configuration: an unset value gives the default, a bad one records an error
/// naming the setting and its allowed values. Remembers every key it was asked for, so the keys nobody reads (typos)
/// can be found afterwards.
/// </summary>
internal sealed class NodeStackSettingReader(IConfiguration configuration)
{
    private readonly List<string> _keys = [];

    /// <summary>One entry per bad value.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Every key read so far.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public T Enum<T>(string key, T defaultValue) where T : struct, System.Enum => OptionalEnum<T>(key) ?? defaultValue;

    /// <summary>The value, or null when it is unset (or bad, after recording the error).</summary>
    public T? OptionalEnum<T>(string key) where T : struct, System.Enum
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        // Names only: Enum.TryParse would also accept numbers such as "2".
        var match = System.Enum.GetNames<T>().FirstOrDefault(name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Errors.Add($"{key} = '{text}' is not valid. Allowed values: {string.Join(", ", NodeStackSettingsLoader.AllowedValues<T>())}.");
            return null;
        }

        return System.Enum.Parse<T>(match);
    }

    public int Int(string key, int defaultValue, int minimum, string allowed)
    {
        var text = Text(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        Errors.Add($"{key} = '{text}' is not valid. Allowed values: {allowed}.");
        return defaultValue;
    }

    public bool Bool(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Errors.Add($"{key} = '{text}' is not valid. Allowed values: true, false.");
        return false;
    }

    public TimeSpan Duration(string key, TimeSpan defaultValue, TimeSpan minimum, TimeSpan maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (PrometheusDuration.TryParse(text, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        Errors.Add($"{key} = '{text}' is not valid. Allowed values: a Prometheus duration from {PrometheusDuration.Format(minimum)} to " +
            $"{PrometheusDuration.Format(maximum)}, such as {PrometheusDuration.Format(defaultValue)} (units y, w, d, h, m, s, ms).");
        return defaultValue;
    }

    public int? Port(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        Errors.Add($"{key} = '{text}' is not valid. Allowed values: a TCP port from 1 to 65535, or empty for a free port.");
        return null;
    }

    private string? Text(string key)
    {
        _keys.Add(key);
        var text = configuration[key];
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
