using YamlDotNet.Serialization;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Writes <c>prometheus.yml</c>: global intervals, the rule files, and one static scrape job per job name.
/// A pure function of its inputs, so the local run and the Kubernetes publisher get the same file for the same
/// targets, byte for byte.
/// </summary>
public static class PrometheusConfigGenerator
{
    /// <summary>The <c>external_labels</c> NodeStack's Prometheus attaches to alerts and remote writes.</summary>
    public static IReadOnlyDictionary<string, string> ExternalLabels { get; } =
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["monitor"] = "nodestack" };

    /// <summary>Generates the configuration.</summary>
    /// <param name="targets">The scrape targets, from <see cref="ScrapeTargetDiscovery"/>.</param>
    /// <param name="ruleFiles">Rule file paths, relative to the configuration file's folder or absolute.</param>
    /// <param name="settings">Scrape and evaluation intervals.</param>
    /// <exception cref="InvalidOperationException">Two targets of one job use different metrics paths.</exception>
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

        return new ScrapeConfig
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
        };
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
        public required List<StaticConfig> StaticConfigs { get; init; }
    }

    private sealed class StaticConfig
    {
        [YamlMember(Alias = "targets")]
        public required List<string> Targets { get; init; }

        [YamlMember(Alias = "labels")]
        public required SortedDictionary<string, string> Labels { get; init; }
    }
}
