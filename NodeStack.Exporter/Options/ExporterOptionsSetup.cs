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
}
