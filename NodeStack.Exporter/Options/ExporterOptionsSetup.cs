using System.Net;
using Microsoft.Extensions.Options;

namespace NodeStack.Exporter.Options;

/// <summary>Fills <see cref="ExporterOptions"/> from configuration, recording each bad setting for validation.</summary>
internal sealed class ExporterOptionsSetup(IConfiguration configuration) : IConfigureOptions<ExporterOptions>
{
    public void Configure(ExporterOptions options)
    {
        var settings = new SettingReader(configuration, options.SettingErrors);
        RpcTargetResolver.Resolve(settings, options);
        options.Timeout = settings.Seconds(SettingNames.Timeout, allowZero: false) ?? options.Timeout;
        options.MinCollectionInterval = settings.Seconds(SettingNames.RateLimit, allowZero: true) ?? options.MinCollectionInterval;
        options.HashpsBlocks = settings.IntegerList(SettingNames.HashpsBlocks, int.MinValue, int.MaxValue) ?? options.HashpsBlocks;
        // Bitcoin Core accepts confirmation targets from 1 to 1008 (estimatesmartfee's conf_target).
        options.SmartFeeBlocks = settings.IntegerList(SettingNames.SmartFeeBlocks, 1, 1008) ?? options.SmartFeeBlocks;
        options.MetricsPort = settings.Port(SettingNames.MetricsPort, allowZero: true) ?? options.MetricsPort;
        options.MetricsAddress = ReadListenAddress(settings) ?? options.MetricsAddress;
        ReadCompatibilitySettings(settings, options);
    }

    private static string? ReadListenAddress(SettingReader settings)
    {
        var address = settings.Text(SettingNames.MetricsAddress);
        if (address is null || address == "localhost" || IPAddress.TryParse(address.Trim('[', ']'), out _))
        {
            return address;
        }

        settings.Fail(SettingNames.MetricsAddress, $"'{address}' is not an IP address or 'localhost' (leave it empty to listen on every address).");
        return null;
    }

    /// <summary>
    /// Settings of the Python exporter that have no job here: validated like the Python exporter validated them, and
    /// named in a startup note so that a drop-in user learns why they change nothing.
    /// </summary>
    private static void ReadCompatibilitySettings(SettingReader settings, ExporterOptions options)
    {
        if (settings.Text(SettingNames.LogLevel) is { } level && !LogLevelSetting.TryParse(level, out _))
        {
            settings.Fail(SettingNames.LogLevel, $"'{level}' is not a log level (one of: {LogLevelSetting.Allowed}).");
        }

        if (settings.Integer(SettingNames.Retries, 0, int.MaxValue) is { } retries)
        {
            options.CompatibilityNotes.Add(new(LogLevel.Information,
                $"RETRIES={retries} is accepted for compatibility with bitcoin-prometheus-exporter and not needed: a failed "
                + "collection is not retried within a scrape (it has a hard deadline); the next scrape collects again."));
        }

        if (settings.Text(SettingNames.RefreshSeconds) is not null)
        {
            options.CompatibilityNotes.Add(new(LogLevel.Warning,
                "REFRESH_SECONDS is ignored: like bitcoin-prometheus-exporter 0.5 and later, the exporter collects when "
                + "Prometheus scrapes it, at most once every RATE_LIMIT seconds; set the scrape interval instead."));
        }
    }
}
