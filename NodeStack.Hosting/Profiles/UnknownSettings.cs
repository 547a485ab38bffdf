using Microsoft.Extensions.Configuration;

namespace NodeStack.Hosting.Profiles;

/// <summary>
/// Finds configured keys under <c>NodeStack</c> that no part of NodeStack reads: a misspelled setting such as
/// <c>NodeStack:Etherium:Network</c> would otherwise be ignored silently and the defaults would run.
/// </summary>
internal static class UnknownSettings
{
    /// <summary>One message per unknown key, naming it and the settings known where it was put.</summary>
    public static IEnumerable<string> Find(IConfiguration configuration, IEnumerable<string> knownKeys)
    {
        var known = new HashSet<string>(knownKeys, StringComparer.OrdinalIgnoreCase);
        return configuration.GetSection(NodeStackSettings.SectionName).AsEnumerable()
            .Where(setting => setting.Value is not null && !known.Contains(setting.Key))
            .Select(setting => setting.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(key => Describe(key, known));
    }

    private static string Describe(string key, HashSet<string> known)
    {
        var section = DeepestKnownSection(key, known);
        var names = known
            .Where(k => k.StartsWith(section + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[(section.Length + 1)..].Split(ConfigurationPath.KeyDelimiter)[0])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0
            ? $"{key} is not a known setting: {section} takes a single value."
            : $"{key} is not a known setting. Known settings under {section}: {string.Join(", ", names)}.";
    }

    // The longest prefix of the key that is a known section or setting, so the message lists what could have been meant.
    private static string DeepestKnownSection(string key, HashSet<string> known)
    {
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        for (var length = segments.Length - 1; length > 1; length--)
        {
            var prefix = string.Join(ConfigurationPath.KeyDelimiter, segments[..length]);
            if (known.Contains(prefix) || known.Any(k => k.StartsWith(prefix + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)))
            {
                return prefix;
            }
        }

        return NodeStackSettings.SectionName;
    }
}
