using YamlDotNet.Serialization;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Writes <c>prometheus.yml</c>: global intervals, the rule files, and one scrape job per job name: static targets, or
/// for targets whose address stands for every instance (a DaemonSet's headless Service) DNS discovery with the target's
/// labels set by relabelling. A pure function of its inputs, so the local run and the Kubernetes publisher get the same
/// file for the same targets, byte for byte.
/// </summary>
internal static class PrometheusConfigGenerator
{
    /// <summary>The <c>external_labels</c> NodeStack's Prometheus attaches to alerts and remote writes.</summary>
    public static IReadOnlyDictionary<string, string> ExternalLabels { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["monitor"] = "nodestack" };

    /// <summary>Generates the configuration.</summary>
    /// <param name="targets">The scrape targets, from <see cref="ScrapeTargetDiscovery"/>.</param>
    /// <param name="ruleFiles">Rule file paths, relative to the configuration file's folder or absolute.</param>
    /// <param name="settings">Scrape and evaluation intervals.</param>
    /// <exception cref="InvalidOperationException">
    /// Two targets of one job use different metrics paths, mix static and discovered addresses, or discovered targets of
    /// one job carry different labels.
    /// </exception>
    public static string Generate(IEnumerable<ScrapeTarget> targets, IEnumerable<string> ruleFiles, PrometheusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(ruleFiles);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();

        var config = new PrometheusConfig
        {
            Global = new GlobalConfig
            {
                ScrapeInterval = PrometheusDuration.Format(settings.ScrapeInterval),
                EvaluationInterval = PrometheusDuration.Format(settings.EvaluationInterval),
                ExternalLabels = ExternalLabels,
            },
            RuleFiles = ruleFiles.ToList(),
            ScrapeConfigs = targets.GroupBy(t => t.JobName, StringComparer.Ordinal)
                .OrderBy(job => job.Key, StringComparer.Ordinal)
                .Select(ScrapeJob)
                .ToList(),
        };

        return new SerializerBuilder()
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(config);
    }

    /// <summary>The rule file paths for <see cref="MonitoringAssets.PrometheusRules"/> stored in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder, relative to the configuration file, that holds the rule files.</param>
    public static IReadOnlyList<string> RuleFilePaths(string folder) =>
        MonitoringAssets.PrometheusRules.Select(rule => $"{folder}/{rule.FileName}").ToList();

    private static ScrapeConfig ScrapeJob(IGrouping<string, ScrapeTarget> job)
    {
        var paths = job.Select(t => t.MetricsPath).Distinct(StringComparer.Ordinal).ToList();
        if (paths.Count != 1)
        {
            throw new InvalidOperationException(
                $"Prometheus job '{job.Key}' has targets on different metrics paths ({string.Join(", ", paths)}); " +
                "give them different job names with WithPrometheusScrape(jobName: ...).");
        }

        var discoveries = job.Select(t => t.Discovery).Distinct().ToList();
        if (discoveries.Count != 1)
        {
            throw new InvalidOperationException(
                $"Prometheus job '{job.Key}' mixes static and DNS-discovered targets; give them different job names with WithPrometheusScrape(jobName: ...).");
        }

        return discoveries[0] == ScrapeDiscovery.Static
            ? new ScrapeConfig
            {
                JobName = job.Key,
                MetricsPath = paths[0],
                StaticConfigs = job
                    .OrderBy(t => t.Labels.GetValueOrDefault("instance"), StringComparer.Ordinal)
                    .Select(t => new StaticConfig
                    {
                        Targets = [t.Address],
                        Labels = new SortedDictionary<string, string>(t.Labels.ToDictionary(), StringComparer.Ordinal),
                    })
                    .ToList(),
            }
            : DnsDiscoveredJob(job, paths[0]);
    }

    /// <summary>
    /// One A-record lookup per port, each record an instance whose <c>instance</c> label is its address (they must differ,
    /// or the instances' series would collide); the other labels are the same for all and set by relabelling.
    /// </summary>
    private static ScrapeConfig DnsDiscoveredJob(IGrouping<string, ScrapeTarget> job, string metricsPath)
    {
        var labelSets = job.Select(t => string.Join(',', t.Labels.Where(l => l.Key != "instance").OrderBy(l => l.Key, StringComparer.Ordinal)))
            .Distinct(StringComparer.Ordinal).Count();
        if (labelSets != 1)
        {
            throw new InvalidOperationException(
                $"Prometheus job '{job.Key}' discovers targets by DNS with different labels; give them different job names with WithPrometheusScrape(jobName: ...).");
        }

        return new ScrapeConfig
        {
            JobName = job.Key,
            MetricsPath = metricsPath,
            DnsSdConfigs = job.Select(t => SplitHostAndPort(t.Address))
                .GroupBy(a => a.Port)
                .OrderBy(g => g.Key)
                .Select(g => new DnsSdConfig { Names = g.Select(a => a.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), Port = g.Key })
                .ToList(),
            RelabelConfigs = job.First().Labels.Where(l => l.Key != "instance").OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => new RelabelConfig { TargetLabel = l.Key, Replacement = l.Value.Replace("$", "$$", StringComparison.Ordinal) })
                .ToList() is { Count: > 0 } relabels ? relabels : null,
        };
    }

    private static (string Host, int Port) SplitHostAndPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (address[..colon], port)
            : throw new InvalidOperationException($"The DNS-discovered target '{address}' is not host:port.");
    }

    private sealed class PrometheusConfig
    {
        [YamlMember(Alias = "global")]
        public required GlobalConfig Global { get; init; }

        [YamlMember(Alias = "rule_files")]
        public required List<string> RuleFiles { get; init; }

        [YamlMember(Alias = "scrape_configs")]
        public required List<ScrapeConfig> ScrapeConfigs { get; init; }
    }

    private sealed class GlobalConfig
    {
        [YamlMember(Alias = "scrape_interval")]
        public required string ScrapeInterval { get; init; }

        [YamlMember(Alias = "evaluation_interval")]
        public required string EvaluationInterval { get; init; }

        [YamlMember(Alias = "external_labels")]
        public required IReadOnlyDictionary<string, string> ExternalLabels { get; init; }
    }

    private sealed class ScrapeConfig
    {
        [YamlMember(Alias = "job_name")]
        public required string JobName { get; init; }

        [YamlMember(Alias = "metrics_path")]
        public required string MetricsPath { get; init; }

        [YamlMember(Alias = "static_configs")]
        public List<StaticConfig>? StaticConfigs { get; init; }

        [YamlMember(Alias = "dns_sd_configs")]
        public List<DnsSdConfig>? DnsSdConfigs { get; init; }

        [YamlMember(Alias = "relabel_configs")]
        public List<RelabelConfig>? RelabelConfigs { get; init; }
    }

    private sealed class DnsSdConfig
    {
        [YamlMember(Alias = "names")]
        public required List<string> Names { get; init; }

        [YamlMember(Alias = "type")]
        public string Type { get; init; } = "A";

        [YamlMember(Alias = "port")]
        public required int Port { get; init; }
    }

    /// <summary>Sets <see cref="TargetLabel"/> to <see cref="Replacement"/> (no source labels: the default regex matches the empty string).</summary>
    private sealed class RelabelConfig
    {
        [YamlMember(Alias = "target_label")]
        public required string TargetLabel { get; init; }

        [YamlMember(Alias = "replacement")]
        public required string Replacement { get; init; }
    }

    private sealed class StaticConfig
    {
        [YamlMember(Alias = "targets")]
        public required List<string> Targets { get; init; }

        [YamlMember(Alias = "labels")]
        public required SortedDictionary<string, string> Labels { get; init; }
    }
}
