using NodeStack.Hosting.Monitoring;

namespace NodeStack.Tests.Fixtures;

/// <summary>Debian's real <c>promtool</c>, checking generated Prometheus configuration as Prometheus would load it.</summary>
public static class Promtool
{
    /// <summary>The number of rule files promtool reports for a configuration with all of NodeStack's rules.</summary>
    public static string RuleFilesFound => $"SUCCESS: {MonitoringAssets.PrometheusRules.Count} rule files found";

    /// <summary>
    /// Runs <c>promtool check config</c> on <paramref name="configuration"/> (a generated <c>prometheus.yml</c>), with
    /// NodeStack's rule files beside it where the configuration names them.
    /// </summary>
    public static async Task<ToolResult> CheckConfigAsync(string configuration)
    {
        var promtool = RequiredTool.OnPath("promtool", "apt-get install prometheus");
        using var folder = new TemporaryFolder();
        var configFile = folder.Write("prometheus.yml", configuration);
        foreach (var rule in MonitoringAssets.PrometheusRules)
        {
            folder.Write(Path.Combine(PrometheusResource.RulesFolder, rule.FileName), rule.Content);
        }

        return await ToolProcess.RunAsync(promtool, ["check", "config", configFile]);
    }
}
