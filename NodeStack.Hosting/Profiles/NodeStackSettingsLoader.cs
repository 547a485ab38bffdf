using System.Globalization;
using Microsoft.Extensions.Configuration;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Profiles;

/// <summary>
/// Reads <see cref="NodeStackSettings"/> from configuration and validates every value, so a typo stops the AppHost
/// at startup with a message naming the setting and its allowed values, instead of starting the wrong chain.
/// </summary>
public static class NodeStackSettingsLoader
{
    /// <summary>The dev chain's block period when <c>NodeStack:Ethereum:DevBlockPeriod</c> is not set.</summary>
    public const int DefaultDevBlockPeriod = 5;

    /// <summary>Reads and validates the settings.</summary>
    /// <exception cref="NodeStackSettingsException">One or more settings are invalid; the message lists them all.</exception>
    public static NodeStackSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var ethereum = new EthereumSettings(
            ReadEnum(configuration, "NodeStack:Ethereum:Network", EthereumNetwork.Dev, errors),
            ReadInt(configuration, "NodeStack:Ethereum:DevBlockPeriod", DefaultDevBlockPeriod, 0, "0 or more seconds", errors));
        var prune = ReadInt(configuration, "NodeStack:Bitcoin:Prune", 0, 0, $"0 (no pruning) or at least {BitcoinCoreBuilderExtensions.MinimumPruneMegabytes} MiB", errors);
        if (prune is > 0 and < BitcoinCoreBuilderExtensions.MinimumPruneMegabytes)
        {
            errors.Add($"NodeStack:Bitcoin:Prune = '{prune}' is too small. Allowed values: 0 (no pruning) or at least {BitcoinCoreBuilderExtensions.MinimumPruneMegabytes} MiB.");
        }

        var bitcoin = new BitcoinSettings(
            ReadEnum(configuration, "NodeStack:Bitcoin:Network", BitcoinNetwork.Regtest, errors),
            ReadBool(configuration, "NodeStack:Bitcoin:TxIndex", errors),
            prune > 0 ? prune : null);
        if (bitcoin.TxIndex && bitcoin.PruneMegabytes is not null)
        {
            errors.Add("NodeStack:Bitcoin:TxIndex = 'true' and NodeStack:Bitcoin:Prune cannot be combined: Bitcoin Core keeps no transaction index on a pruned node.");
        }

        var monitoring = LoadMonitoring(configuration, errors);
        return errors.Count == 0 ? new NodeStackSettings(ethereum, bitcoin, monitoring) : throw new NodeStackSettingsException(errors);
    }

    /// <summary>The values a setting of enum type <typeparamref name="T"/> accepts, lower-case.</summary>
    public static IReadOnlyList<string> AllowedValues<T>() where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(name => name.ToLowerInvariant())];

    private static MonitoringSettings LoadMonitoring(IConfiguration configuration, List<string> errors)
    {
        var defaults = new PrometheusSettings();
        var monitoring = new MonitoringSettings(
            ReadDuration(configuration, "NodeStack:Monitoring:Retention", defaults.Retention, PrometheusSettings.MinimumRetention, PrometheusSettings.MaximumRetention, errors),
            ReadDuration(configuration, "NodeStack:Monitoring:ScrapeInterval", defaults.ScrapeInterval, PrometheusSettings.MinimumInterval, PrometheusSettings.MaximumInterval, errors),
            ReadPort(configuration, "NodeStack:Monitoring:PrometheusPort", errors),
            ReadPort(configuration, "NodeStack:Monitoring:GrafanaPort", errors));
        if (monitoring.PrometheusPort is { } port && port == monitoring.GrafanaPort)
        {
            errors.Add(Invariant($"NodeStack:Monitoring:PrometheusPort and NodeStack:Monitoring:GrafanaPort are both {port}: give them different ports."));
        }

        return monitoring;
    }

    private static TimeSpan ReadDuration(IConfiguration configuration, string key, TimeSpan defaultValue, TimeSpan minimum, TimeSpan maximum, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (PrometheusDuration.TryParse(text, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        errors.Add($"{key} = '{text}' is not valid. Allowed values: a Prometheus duration from {PrometheusDuration.Format(minimum)} to " +
            $"{PrometheusDuration.Format(maximum)}, such as {PrometheusDuration.Format(defaultValue)} (units y, w, d, h, m, s, ms).");
        return defaultValue;
    }

    private static int? ReadPort(IConfiguration configuration, string key, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        errors.Add($"{key} = '{text}' is not valid. Allowed values: a TCP port from 1 to 65535, or empty for a free port.");
        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static T ReadEnum<T>(IConfiguration configuration, string key, T defaultValue, List<string> errors) where T : struct, Enum
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        // Names only: Enum.TryParse would also accept numbers such as "2".
        var match = Enum.GetNames<T>().FirstOrDefault(name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors.Add($"{key} = '{text}' is not valid. Allowed values: {string.Join(", ", AllowedValues<T>())}.");
            return defaultValue;
        }

        return Enum.Parse<T>(match);
    }

    private static int ReadInt(IConfiguration configuration, string key, int defaultValue, int minimum, string allowed, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        errors.Add($"{key} = '{text}' is not valid. Allowed values: {allowed}.");
        return defaultValue;
    }

    private static bool ReadBool(IConfiguration configuration, string key, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{key} = '{text}' is not valid. Allowed values: true, false.");
        return false;
    }
}
