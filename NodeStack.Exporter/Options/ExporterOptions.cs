using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Options;

/// <summary>The exporter's validated settings (see the README's Exporter section for every setting).</summary>
public sealed class ExporterOptions
{
    /// <summary>The node's JSON-RPC endpoint, without credentials.</summary>
    public Uri RpcUri { get; set; } = new("http://localhost:8332/");

    /// <summary>Where the RPC credentials come from.</summary>
    public RpcCredentialSource? Credentials { get; set; }

    /// <summary>Upper bound of one collection (TIMEOUT); a scrape's own timeout header can only shorten it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Scrapes closer together than this share the previous collection (RATE_LIMIT).</summary>
    public TimeSpan MinCollectionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Block windows for getnetworkhashps (HASHPS_BLOCKS).</summary>
    public IReadOnlyList<int> HashpsBlocks { get; set; } = [-1, 1, 120];

    /// <summary>Confirmation targets for estimatesmartfee (SMARTFEE_BLOCKS).</summary>
    public IReadOnlyList<int> SmartFeeBlocks { get; set; } = [2, 3, 5, 20];

    /// <summary>The address to listen on (METRICS_ADDR); empty means every address.</summary>
    public string MetricsAddress { get; set; } = "";

    /// <summary>The port to listen on (METRICS_PORT).</summary>
    public int MetricsPort { get; set; } = 9332;

    /// <summary>Every setting that could not be read, each naming the setting; validation reports them at startup.</summary>
    internal List<string> SettingErrors { get; } = [];

    /// <summary>What the exporter logs at startup about settings it accepts but does not need (RETRIES, REFRESH_SECONDS).</summary>
    internal List<StartupNote> CompatibilityNotes { get; } = [];
}

/// <summary>A message about the settings, logged once the exporter has started.</summary>
internal sealed record StartupNote(LogLevel Level, string Message);
