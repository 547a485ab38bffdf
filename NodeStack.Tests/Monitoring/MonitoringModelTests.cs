using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Monitoring;

public class MonitoringModelTests
{
    [Fact]
    public async Task Prometheus_runs_the_pinned_image_as_nobody_with_the_retention_setting()
    {
        var builder = ModelBuilders.Run();
        var prometheus = builder.AddPrometheus("prometheus").WithRetention(TimeSpan.FromDays(30)).WithDataVolume("prometheus-data");

        var arguments = await RawArgumentsAsync(prometheus.Resource);

        AssertPinned(prometheus.Resource, PrometheusContainerImageTags.Registry, PrometheusContainerImageTags.Image, PrometheusContainerImageTags.Tag);
        Assert.Equal(new ContainerUserAnnotation(65534, 65534), prometheus.Resource.Annotations.OfType<ContainerUserAnnotation>().Single());
        Assert.Contains("--storage.tsdb.retention.time=30d", arguments);
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", arguments);
        Assert.Contains(prometheus.Resource.Annotations.OfType<ContainerMountAnnotation>(), m => m is { Source: "prometheus-data", Target: "/prometheus", IsReadOnly: false });
        Assert.Equal(9090, prometheus.Resource.Annotations.OfType<EndpointAnnotation>().Single().TargetPort);
        Assert.NotEmpty(prometheus.Resource.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task Prometheus_receives_its_generated_configuration_and_every_rule_file_as_container_files()
    {
        var builder = ModelBuilders.Run();
        var prometheus = builder.AddPrometheus("prometheus");
        using var app = builder.Build();

        var files = await ContainerFilesAsync(app.Services, prometheus.Resource, PrometheusResource.ConfigDirectory);

        var configuration = Assert.IsType<ContainerFile>(files.Single(f => f.Name == "prometheus.yml"));
        Assert.Contains("localhost:9090", configuration.Contents, StringComparison.Ordinal);
        var rules = Assert.IsType<ContainerDirectory>(files.Single(f => f.Name == PrometheusResource.RulesFolder));
        Assert.Equal(MonitoringAssets.PrometheusRules.Select(r => r.FileName), rules.Entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Grafana_runs_the_pinned_image_as_its_non_root_user_with_a_generated_secret_admin_password()
    {
        var builder = ModelBuilders.Run();
        var prometheus = builder.AddPrometheus("prometheus");
        var grafana = builder.AddGrafana("grafana", prometheus).WithDataVolume("grafana-data");

        var environment = await RawEnvironmentAsync(grafana.Resource);

        AssertPinned(grafana.Resource, GrafanaContainerImageTags.Registry, GrafanaContainerImageTags.Image, GrafanaContainerImageTags.Tag);
        Assert.Equal(new ContainerUserAnnotation(472, 472), grafana.Resource.Annotations.OfType<ContainerUserAnnotation>().Single());
        var password = Assert.IsType<ParameterResource>(environment["GF_SECURITY_ADMIN_PASSWORD"]);
        Assert.True(password.Secret);
        Assert.Equal("grafana-admin-password", password.Name);
        Assert.Equal("admin", environment["GF_SECURITY_ADMIN_USER"]);
        Assert.Contains(grafana.Resource.Annotations.OfType<ContainerMountAnnotation>(), m => m is { Source: "grafana-data", Target: "/var/lib/grafana" });
    }

    [Fact]
    public async Task Grafana_is_closed_to_anonymous_users_and_sign_up_and_never_calls_home()
    {
        var builder = ModelBuilders.Run();
        var grafana = builder.AddGrafana("grafana", builder.AddPrometheus("prometheus"));

        var environment = await RawEnvironmentAsync(grafana.Resource);

        Assert.Equal("false", environment["GF_AUTH_ANONYMOUS_ENABLED"]);
        Assert.Equal("false", environment["GF_USERS_ALLOW_SIGN_UP"]);
        Assert.Equal("false", environment["GF_ANALYTICS_REPORTING_ENABLED"]);
        Assert.Equal("false", environment["GF_ANALYTICS_CHECK_FOR_UPDATES"]);
        Assert.Equal("true", environment["GF_PLUGINS_PREINSTALL_DISABLED"]);
    }

    [Fact]
    public async Task Grafana_provisions_the_models_Prometheus_and_the_dashboards_read_only()
    {
        var builder = ModelBuilders.Run();
        var prometheus = builder.AddPrometheus("prometheus");
        var grafana = builder.AddGrafana("grafana", prometheus);
        using var app = builder.Build();
        var addresses = new RecordingAddresses("http://prometheus:9090");
        var services = new NodeStack.Hosting.Kubernetes.Manifest.PublishServices(app.Services, addresses);

        var provisioning = await ContainerFilesAsync(services, grafana.Resource, GrafanaResource.ProvisioningDirectory);
        var dashboards = await ContainerFilesAsync(services, grafana.Resource, GrafanaResource.DashboardsDirectory);

        Assert.Same(prometheus.Resource, Assert.Single(addresses.Asked).Resource);
        var dataSource = FileIn(provisioning, "datasources", "nodestack.yaml");
        Assert.Contains("url: http://prometheus:9090", dataSource, StringComparison.Ordinal);
        Assert.Contains("editable: false", dataSource, StringComparison.Ordinal);
        Assert.Contains("allowUiUpdates: false", FileIn(provisioning, "dashboards", "nodestack.yaml"), StringComparison.Ordinal);
        Assert.Equal(MonitoringAssets.GrafanaDashboards.Select(d => d.FileName), dashboards.Select(d => d.Name));
    }

    [Fact]
    public void Grafana_refuses_an_admin_password_parameter_that_is_not_secret()
    {
        var builder = ModelBuilders.Run(("Parameters:grafana-password", "not-a-secret"));
        var password = builder.AddParameter("grafana-password", secret: false);

        var error = Assert.Throws<ArgumentException>(() => builder.AddGrafana("grafana", builder.AddPrometheus("prometheus"), password));

        Assert.Contains("grafana-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fluent_Bit_runs_the_pinned_image_as_the_node_user_mounts_each_node_log_volume_read_only_keeps_offsets_in_its_own_volume_and_is_scraped()
    {
        var builder = ModelBuilders.Run().AddNodes();
        var fluentBit = builder.AddFluentBit("fluent-bit");
        using var app = builder.Build();

        FluentBitBuilderExtensions.MountNodeLogVolumes(fluentBit.Resource, app.Services.GetRequiredService<DistributedApplicationModel>());
        var arguments = await RawArgumentsAsync(fluentBit.Resource);

        AssertPinned(fluentBit.Resource, FluentBitContainerImageTags.Registry, FluentBitContainerImageTags.Image, FluentBitContainerImageTags.Tag);
        Assert.Equal(new ContainerUserAnnotation(10001, 10001), fluentBit.Resource.Annotations.OfType<ContainerUserAnnotation>().Single());
        Assert.Equal(["--config", "/fluent-bit/etc/nodestack/fluent-bit.yaml"], arguments);
        var lighthouseData = Assert.Single(builder.Resources.Single(r => r.Name == "lighthouse").Annotations.OfType<ContainerMountAnnotation>()).Source!;
        var mounts = fluentBit.Resource.Annotations.OfType<ContainerMountAnnotation>().ToList();
        var logMounts = mounts.Where(m => m.Target.StartsWith(FluentBitResource.LogsDirectory + "/", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [("bitcoin-data", "/nodestack/logs/bitcoin"), ("geth-data", "/nodestack/logs/geth"), (lighthouseData, "/nodestack/logs/lighthouse")],
            logMounts.Select(m => (m.Source!, m.Target)).Order());
        Assert.All(logMounts, mount => Assert.True(mount.IsReadOnly));
        // Its own volume keeps the tail offsets, so a restart neither skips nor resends lines.
        var state = Assert.Single(mounts.Except(logMounts));
        Assert.Equal((ContainerMountType.Volume, FluentBitResource.StateDirectory, false), (state.Type, state.Target, state.IsReadOnly));
        Assert.Equal("/api/v2/metrics/prometheus", fluentBit.Resource.Annotations.OfType<PrometheusScrapeAnnotation>().Single().MetricsPath);
        // The dashboard's OTLP/HTTP endpoint (ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL), not its gRPC one.
        Assert.Equal(OtlpProtocol.HttpProtobuf, Assert.Single(fluentBit.Resource.Annotations.OfType<OtlpExporterAnnotation>()).RequiredProtocol);
    }

    [Fact]
    public void Every_launch_profile_gives_the_dashboard_the_OTLP_HTTP_endpoint_Fluent_Bit_sends_to()
    {
        var path = Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.AppHost", "Properties", "launchSettings.json");
        var profiles = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!["profiles"]!.AsObject();

        Assert.NotEmpty(profiles);
        Assert.All(profiles, profile =>
            Assert.StartsWith("http", profile.Value!["environmentVariables"]!["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fluent_Bit_receives_a_configuration_that_tails_each_node_log_where_its_volume_is_mounted()
    {
        var builder = ModelBuilders.Run(("AppHost:OtlpApiKey", "test-key")).AddNodes();
        var fluentBit = builder.AddFluentBit("fluent-bit");
        using var app = builder.Build();

        var files = await ContainerFilesAsync(app.Services, fluentBit.Resource, FluentBitResource.ConfigDirectory);

        var configuration = Assert.IsType<ContainerFile>(files.Single(f => f.Name == FluentBitConfigGenerator.ConfigFileName)).Contents!;
        Assert.Contains("path: /nodestack/logs/geth/logs/geth.log", configuration, StringComparison.Ordinal);
        Assert.Contains("path: /nodestack/logs/bitcoin/regtest/debug.log", configuration, StringComparison.Ordinal);
        Assert.Contains("path: /nodestack/logs/lighthouse/logs/beacon*.log", configuration, StringComparison.Ordinal);
        Assert.Contains("x-otlp-api-key ${NODESTACK_OTLP_API_KEY}", configuration, StringComparison.Ordinal);
        Assert.Equal(MonitoringAssets.FluentBitLuaScript.Content, Assert.IsType<ContainerFile>(files.Single(f => f.Name == FluentBitConfigGenerator.LuaScriptFileName)).Contents);
    }

    [Fact]
    public void A_node_log_outside_the_nodes_volumes_fails_and_names_the_resource_and_path()
    {
        var builder = ModelBuilders.Run();
        builder.AddContainer("geth", "ethereum/client-go", "v1.16.7").WithVolume("geth-data", "/data")
            .WithAnnotation(new NodeLogFileAnnotation(NodeLogFormats.Geth, "/var/log/geth.log"));

        var error = Assert.Throws<InvalidOperationException>(() => NodeLogVolumes.Discover(builder.Resources));

        Assert.Contains("'geth'", error.Message, StringComparison.Ordinal);
        Assert.Contains("/var/log/geth.log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_container_user_of_root_is_refused()
    {
        var builder = ModelBuilders.Run();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddContainer("node", "example/node", "1.0").WithContainerUser(0, 0));
    }

    private static void AssertPinned(ContainerResource resource, string registry, string image, string tag)
    {
        var annotation = resource.Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal((registry, image, tag), (annotation.Registry, annotation.Image, annotation.Tag));
        Assert.NotEqual("latest", annotation.Tag);
        Assert.Matches(@"^v?\d+\.\d+\.\d+$", annotation.Tag);
    }

    private static async Task<Dictionary<string, object>> RawEnvironmentAsync(GrafanaResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }

    private static async Task<List<object>> RawArgumentsAsync(ContainerResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return arguments;
    }

    private static async Task<List<ContainerFileSystemItem>> ContainerFilesAsync(IServiceProvider services, ContainerResource resource, string destination)
    {
        var annotation = resource.Annotations.OfType<ContainerFileSystemCallbackAnnotation>().Single(a => a.DestinationPath == destination);
        var context = new ContainerFileSystemCallbackContext { Services = services, Model = resource };
        return (await annotation.Callback(context, TestContext.Current.CancellationToken)).ToList();
    }

    private static string FileIn(IEnumerable<ContainerFileSystemItem> items, string folder, string file) =>
        Assert.IsType<ContainerFile>(Assert.IsType<ContainerDirectory>(items.Single(i => i.Name == folder)).Entries.Single(e => e.Name == file)).Contents!;
}
