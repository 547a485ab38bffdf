using System.Globalization;
using NodeStack.Hosting;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// Prometheus, Grafana and Fluent Bit in the real AppHost, for each profile: one run per Ethereum and per Bitcoin
/// network (paired, so four runs cover all eight values). Targets are addressed as Prometheus sees them on the
/// container network (<c>resource:port</c>), which is all that differs from the local run and from Kubernetes.
/// </summary>
public class AppHostMonitoringModelTests
{
    public static TheoryData<string, string> Profiles => new()
    {
        { "dev", "regtest" },
        { "sepolia", "signet" },
        { "hoodi", "testnet4" },
        { "mainnet", "main" },
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Prometheus_scrapes_exactly_the_nodes_the_profile_runs_with_their_chain_and_network(string ethereum, string bitcoin)
    {
        await using var builder = await AppHostAsync(ethereum, bitcoin);

        var jobs = ScrapeJobs(await GeneratedConfigurationAsync(builder));

        var expected = new Dictionary<string, (string Path, string Target, string Labels)>
        {
            ["bitcoin-exporter"] = ("/metrics", "bitcoin-exporter:", $"chain=bitcoin,instance=bitcoin-exporter,network={bitcoin}"),
            ["fluent-bit"] = ("/api/v2/metrics/prometheus", "fluent-bit:2020", "instance=fluent-bit"),
            ["geth"] = ("/debug/metrics/prometheus", "geth:6060", $"chain=ethereum,instance=geth,network={ethereum}"),
            ["prometheus"] = ("/metrics", "localhost:9090", "instance=prometheus"),
        };
        if (ethereum != "dev")
        {
            expected["lighthouse"] = ("/metrics", "lighthouse:5054", $"chain=ethereum,instance=lighthouse,network={ethereum}");
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), jobs.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, job =>
        {
            var (path, target, labels) = jobs[job.Key];
            Assert.Equal(job.Value.Path, path);
            Assert.StartsWith(job.Value.Target, target, StringComparison.Ordinal);
            Assert.Equal(job.Value.Labels, labels);
        });
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Promtool_accepts_the_profiles_generated_Prometheus_configuration_with_NodeStacks_rules(string ethereum, string bitcoin)
    {
        await using var builder = await AppHostAsync(ethereum, bitcoin);

        var result = await Promtool.CheckConfigAsync(await GeneratedConfigurationAsync(builder));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(Promtool.RuleFilesFound, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Grafanas_provisioned_datasource_is_the_models_Prometheus(string ethereum, string bitcoin)
    {
        await using var builder = await AppHostAsync(ethereum, bitcoin);
        var grafana = builder.Resources.OfType<GrafanaResource>().Single();
        var prometheus = builder.Resources.OfType<PrometheusResource>().Single();
        var addresses = new RecordingAddresses("http://prometheus.example:9090");
        var services = new ServiceCollection().AddSingleton<ServiceAddresses>(addresses).BuildServiceProvider();
        var files = grafana.Annotations.OfType<ContainerFileSystemCallbackAnnotation>().Single(f => f.DestinationPath == GrafanaResource.ProvisioningDirectory);

        var items = await files.Callback(new ContainerFileSystemCallbackContext { Services = services, Model = grafana }, TestContext.Current.CancellationToken);

        var datasource = items.OfType<ContainerDirectory>().Single(d => d.Name == "datasources").Entries.OfType<ContainerFile>().Single();
        Assert.Contains("url: http://prometheus.example:9090", datasource.Contents, StringComparison.Ordinal);
        var asked = Assert.Single(addresses.Asked);
        Assert.Same(prometheus, asked.Resource);
        Assert.Equal(PrometheusResource.HttpEndpointName, asked.EndpointName);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Fluent_Bit_tails_each_nodes_log_file_from_the_nodes_own_data_volume(string ethereum, string bitcoin)
    {
        await using var builder = await AppHostAsync(ethereum, bitcoin);
        var fluentBit = builder.Resources.OfType<FluentBitResource>().Single();

        FluentBitBuilderExtensions.MountNodeLogVolumes(fluentBit, new DistributedApplicationModel(builder.Resources));

        var bitcoinLog = bitcoin == "main" ? "debug.log" : $"{bitcoin}/debug.log";
        var expected = new Dictionary<string, string>
        {
            ["bitcoin"] = $"/nodestack/logs/bitcoin/{bitcoinLog}",
            ["geth"] = "/nodestack/logs/geth/logs/geth.log",
        };
        if (ethereum != "dev")
        {
            expected["lighthouse"] = "/nodestack/logs/lighthouse/logs/beacon*.log";
        }

        var logs = fluentBit.NodeLogs!;
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), logs.Select(log => log.ResourceName));
        Assert.All(logs, log =>
        {
            Assert.Equal(expected[log.ResourceName], log.LogPath);
            var node = builder.Resources.Single(resource => resource.Name == log.ResourceName);
            var dataVolume = node.Annotations.OfType<ContainerMountAnnotation>().Single(mount => mount.Type == ContainerMountType.Volume);
            var mount = fluentBit.Annotations.OfType<ContainerMountAnnotation>().Single(m => m.Target == $"/nodestack/logs/{log.ResourceName}");
            Assert.Equal((dataVolume.Source, true), (mount.Source, mount.IsReadOnly));
        });
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Fluent_Bit_runs_as_the_user_that_owns_every_nodes_log_file(string ethereum, string bitcoin)
    {
        await using var builder = await AppHostAsync(ethereum, bitcoin);
        var nodeUsers = new List<(string Node, int User, int Group)>();

        foreach (var node in builder.Resources.Where(r => r.Annotations.OfType<NodeLogFileAnnotation>().Any()))
        {
            if (node.Annotations.OfType<ContainerUserAnnotation>().LastOrDefault() is { } user)
            {
                nodeUsers.Add((node.Name, user.UserId, user.GroupId));
            }
            else
            {
                // Bitcoin Core's image starts as root, makes its data directory the bitcoin user's and drops to it.
                var env = await ModelEvaluation.EnvAsync(node, DistributedApplicationOperation.Run);
                nodeUsers.Add((node.Name, int.Parse(env[BitcoinCoreContainerImageTags.UserIdVariable], CultureInfo.InvariantCulture), int.Parse(env[BitcoinCoreContainerImageTags.GroupIdVariable], CultureInfo.InvariantCulture)));
            }
        }

        var fluentBit = builder.Resources.OfType<FluentBitResource>().Single().Annotations.OfType<ContainerUserAnnotation>().Single();
        Assert.Equal(ethereum == "dev" ? 2 : 3, nodeUsers.Count);
        Assert.All(nodeUsers, node => Assert.Equal((node.Node, fluentBit.UserId, fluentBit.GroupId), node));
        Assert.NotEqual(0, fluentBit.UserId);
    }

    private static Task<IDistributedApplicationTestingBuilder> AppHostAsync(string ethereum, string bitcoin) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            [$"--NodeStack:Ethereum:Network={ethereum}", $"--NodeStack:Bitcoin:Network={bitcoin}"], Cancel);

    private static async Task<string> GeneratedConfigurationAsync(IDistributedApplicationTestingBuilder builder)
    {
        var prometheus = builder.Resources.OfType<PrometheusResource>().Single();
        var targets = await ScrapeTargetDiscovery.DiscoverAsync(
            builder.Resources,
            prometheus,
            (endpoint, _) => ValueTask.FromResult(string.Create(CultureInfo.InvariantCulture, $"{endpoint.Resource.Name}:{endpoint.EndpointAnnotation.TargetPort}")),
            Cancel);
        return PrometheusConfigGenerator.Generate(targets, PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder), prometheus.Settings);
    }

    /// <summary>Each job's metrics path, its one target, and its labels as <c>name=value,...</c> in name order.</summary>
    private static Dictionary<string, (string Path, string Target, string Labels)> ScrapeJobs(string configuration)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(configuration));
        var jobs = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode)["scrape_configs"];
        return jobs.Cast<YamlMappingNode>().ToDictionary(
            job => Scalar(job["job_name"]),
            job =>
            {
                var target = (YamlMappingNode)Assert.Single(((YamlSequenceNode)job["static_configs"]).Children);
                var labels = ((YamlMappingNode)target["labels"]).Select(label => $"{Scalar(label.Key)}={Scalar(label.Value)}");
                return (Scalar(job["metrics_path"]), Scalar(Assert.Single(((YamlSequenceNode)target["targets"]).Children)), string.Join(',', labels));
            });
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
