using Aspire.Hosting;
using System.Globalization;
using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting.Profiles;

/// <summary>
/// Reads <see cref="NodeStackSettings"/> from configuration and validates every value, so a typo stops the AppHost
/// at startup with a message naming the setting and its allowed values, instead of starting the wrong chain. A key
/// under <c>NodeStack</c> that nothing reads is rejected the same way.
/// </summary>
internal static class NodeStackSettingsLoader
{
    /// <summary>The dev chain's block period when <c>NodeStack:Ethereum:DevBlockPeriod</c> is not set.</summary>
    public const int DefaultDevBlockPeriod = 5;

    /// <summary>Reads and validates the settings.</summary>
    /// <exception cref="NodeStackSettingsException">One or more settings are invalid or unknown; the message lists them all.</exception>
    public static NodeStackSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new NodeStackSettingReader(configuration);
        var lifetime = reader.OptionalEnum<ContainerLifetime>("NodeStack:Nodes:Lifetime");
        var ethereumNetwork = reader.Enum("NodeStack:Ethereum:Network", EthereumNetwork.Dev);
        var ethereum = new EthereumSettings(
            ethereumNetwork,
            reader.Int("NodeStack:Ethereum:DevBlockPeriod", DefaultDevBlockPeriod, 0, "0 or more seconds"),
            lifetime ?? DefaultLifetime(ethereumNetwork.IsPublic()),
            CacheSize(reader, "NodeStack:Ethereum:CacheMegabytes", GethCache.DefaultMegabytes(ethereumNetwork), GethCache.MinimumMegabytes,
                GethCache.AllowedValues(ethereumNetwork), value => GethCache.Fits(ethereumNetwork, value)));
        var bitcoin = LoadBitcoin(reader, lifetime);
        var monitoring = LoadMonitoring(reader);
        reader.Errors.AddRange(ContainerImageRegistry.Problems(configuration));
        reader.Errors.AddRange(UnknownSettings.Find(
            configuration, reader.Keys.Concat(KubernetesKeys()).Concat(Snapshots.SnapshotSettings.Keys).Append(ContainerImageRegistry.SettingKey)));
        return reader.Errors.Count == 0
            ? new NodeStackSettings(ethereum, bitcoin, monitoring)
            : throw new NodeStackSettingsException(reader.Errors);
    }

    /// <summary>The values a setting of enum type <typeparamref name="T"/> accepts, lower-case.</summary>
    public static IReadOnlyList<string> AllowedValues<T>() where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(name => name.ToLowerInvariant())];

    /// <summary>
    /// A node's container lifetime when <c>NodeStack:Nodes:Lifetime</c> is not set: persistent on a public network,
    /// where a restart of the AppHost must not stop hours of sync; session-scoped on a dev chain.
    /// </summary>
    public static ContainerLifetime DefaultLifetime(bool publicNetwork) => publicNetwork ? ContainerLifetime.Persistent : ContainerLifetime.Session;

    private static BitcoinSettings LoadBitcoin(NodeStackSettingReader reader, ContainerLifetime? lifetime)
    {
        var network = reader.Enum("NodeStack:Bitcoin:Network", BitcoinNetwork.Regtest);
        var txIndex = reader.Bool("NodeStack:Bitcoin:TxIndex");
        var allowedPrune = $"0 (no pruning) or at least {BitcoinCoreBuilderExtensions.MinimumPruneMegabytes} MiB";
        var prune = reader.Int("NodeStack:Bitcoin:Prune", 0, 0, allowedPrune);
        if (prune is > 0 and < BitcoinCoreBuilderExtensions.MinimumPruneMegabytes)
        {
            reader.Errors.Add(Invariant($"NodeStack:Bitcoin:Prune = '{prune}' is too small. Allowed values: {allowedPrune}."));
        }

        if (txIndex && prune > 0)
        {
            reader.Errors.Add("NodeStack:Bitcoin:TxIndex = 'true' and NodeStack:Bitcoin:Prune cannot be combined: Bitcoin Core keeps no transaction index on a pruned node.");
        }

        var dbCache = CacheSize(reader, "NodeStack:Bitcoin:DbCacheMegabytes", BitcoinDbCache.DefaultMegabytes(network), BitcoinDbCache.MinimumMegabytes,
            BitcoinDbCache.AllowedValues(network), value => BitcoinDbCache.Fits(network, value));
        return new BitcoinSettings(network, txIndex, prune > 0 ? prune : null, lifetime ?? DefaultLifetime(network.IsPublic()), dbCache);
    }

    // A node cache must fit the container's memory limit for the chosen network; the problem text names the range and why.
    private static int CacheSize(NodeStackSettingReader reader, string key, int defaultValue, int minimum, string allowed, Func<int, bool> fits)
    {
        var value = reader.Int(key, defaultValue, minimum, allowed);
        if (fits(value))
        {
            return value;
        }

        reader.Errors.Add(Invariant($"{key} = '{value}' does not fit the node's memory limit. Allowed values: {allowed}."));
        return defaultValue;
    }

    private static MonitoringSettings LoadMonitoring(NodeStackSettingReader reader)
    {
        var defaults = new PrometheusSettings();
        var monitoring = new MonitoringSettings(
            reader.Duration("NodeStack:Monitoring:Retention", defaults.Retention, PrometheusSettings.MinimumRetention, PrometheusSettings.MaximumRetention),
            reader.Duration("NodeStack:Monitoring:ScrapeInterval", defaults.ScrapeInterval, PrometheusSettings.MinimumInterval, PrometheusSettings.MaximumInterval),
            reader.Port("NodeStack:Monitoring:PrometheusPort"),
            reader.Port("NodeStack:Monitoring:GrafanaPort"));
        if (monitoring.PrometheusPort is { } port && port == monitoring.GrafanaPort)
        {
            reader.Errors.Add(Invariant($"NodeStack:Monitoring:PrometheusPort and NodeStack:Monitoring:GrafanaPort are both {port}: give them different ports."));
        }

        return monitoring;
    }

    // NodeStack:Kubernetes is bound (and validated) by AddNodeStackKubernetes: its keys are the settable properties it binds.
    private static IEnumerable<string> KubernetesKeys() =>
        typeof(KubernetesPublishSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod?.IsPublic == true)
            .Select(property => $"{KubernetesPublishSettings.SectionName}:{property.Name}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
