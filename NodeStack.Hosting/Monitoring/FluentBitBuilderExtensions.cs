using Aspire.Hosting;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Fluent Bit to the application model.</summary>
public static class FluentBitBuilderExtensions
{
    /// <summary>
    /// Adds Fluent Bit (pinned <see cref="FluentBitContainerImageTags"/>, running as
    /// <see cref="ContainerUserBuilderExtensions.NodeUser"/>, the owner of the nodes' log files) that tails the
    /// log file of every resource with a <see cref="NodeLogFileAnnotation"/>, parses geth, bitcoind and Lighthouse lines
    /// into level, message and key/value attributes, and sends them to the Aspire dashboard as OTLP logs with
    /// <c>service.name</c> set to the node's resource name, over OTLP/HTTP (the dashboard's
    /// <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c> must be set, as the AppHost's launch profile does). Each node's volume
    /// is mounted read-only under <see cref="FluentBitResource.LogsDirectory"/>; the tail offsets live in Fluent Bit's own
    /// volume at <see cref="FluentBitResource.StateDirectory"/>, so a restart resumes where it stopped. Fluent Bit's own
    /// metrics are scraped by the model's Prometheus.
    /// </summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The resource name (NodeStack's composition uses <c>fluent-bit</c>).</param>
    public static IResourceBuilder<FluentBitResource> AddFluentBit(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var fluentBit = new FluentBitResource(name);
        if (builder.ExecutionContext.IsRunMode)
        {
            // Locally the node log files are read from the nodes' volumes; on Kubernetes from the kubelet's /var/log.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                MountNodeLogVolumes(fluentBit, @event.Model);
                return Task.CompletedTask;
            });
        }

        var resource = builder.AddResource(fluentBit)
            .WithImage(FluentBitContainerImageTags.Image, FluentBitContainerImageTags.Tag)
            .WithImageRegistry(FluentBitContainerImageTags.Registry)
            .WithHttpEndpoint(targetPort: FluentBitConfigGenerator.HttpPort, name: FluentBitResource.HttpEndpointName)
            .WithContainerUser(ContainerUserBuilderExtensions.NodeUser, ContainerUserBuilderExtensions.NodeUser)
            .WithArgs("--config", $"{FluentBitResource.ConfigDirectory}/{FluentBitConfigGenerator.ConfigFileName}")
            // The dashboard's OTLP/HTTP endpoint; see FluentBitOtlpOutput.AspireDashboard for why not gRPC.
            .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
            .WithEnvironment(SetDashboardEndpointVariablesAsync)
            .WithContainerFiles(
                FluentBitResource.ConfigDirectory,
                (context, _) => Task.FromResult(ConfigurationFiles(context, fluentBit)),
                ContainerUserBuilderExtensions.NodeUser,
                ContainerUserBuilderExtensions.NodeUser)
            .WithHttpHealthCheck("/api/v1/health", endpointName: FluentBitResource.HttpEndpointName)
            .WithPrometheusScrape(FluentBitResource.HttpEndpointName, "/api/v2/metrics/prometheus");
        resource.WithVolume(VolumeNameGenerator.Generate(resource, "state"), FluentBitResource.StateDirectory)
            .WithDirectoryForContainerUser(FluentBitResource.StateDirectory);
        resource.PublishAsKubernetesPod(pod => FluentBitKubernetes.Shape(pod, builder.Resources));
        return resource;
    }

    /// <summary>Mounts every node log volume read-only into Fluent Bit; the local run calls it once the model is complete.</summary>
    /// <param name="fluentBit">The Fluent Bit resource.</param>
    /// <param name="model">The application model.</param>
    public static void MountNodeLogVolumes(FluentBitResource fluentBit, DistributedApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(fluentBit);
        ArgumentNullException.ThrowIfNull(model);
        fluentBit.NodeLogs = NodeLogVolumes.Discover(model.Resources);
        foreach (var log in fluentBit.NodeLogs)
        {
            if (!fluentBit.Annotations.OfType<ContainerMountAnnotation>().Any(m => m.Target == log.MountTarget))
            {
                fluentBit.Annotations.Add(new ContainerMountAnnotation(log.Volume.Source, log.MountTarget, log.Volume.Type, isReadOnly: true));
            }
        }
    }

    private static IEnumerable<ContainerFileSystemItem> ConfigurationFiles(ContainerFileSystemCallbackContext context, FluentBitResource fluentBit)
    {
        var resources = context.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        string configuration;
        if (ServiceAddresses.For(context) is KubernetesServiceAddresses cluster)
        {
            configuration = FluentBitKubernetes.Configuration(resources, cluster);
        }
        else
        {
            var logs = fluentBit.NodeLogs ?? NodeLogVolumes.Discover(resources);
            var dashboardNeedsApiKey = context.Services.GetRequiredService<IConfiguration>()["AppHost:OtlpApiKey"] is not null;
            configuration = FluentBitConfigGenerator.ForLocalRun(
                logs.Select(log => log.Source),
                FluentBitOtlpOutput.AspireDashboard(dashboardNeedsApiKey),
                FluentBitResource.ConfigDirectory);
        }

        return
        [
            new ContainerFile { Name = FluentBitConfigGenerator.ConfigFileName, Contents = configuration },
            new ContainerFile { Name = FluentBitConfigGenerator.LuaScriptFileName, Contents = MonitoringAssets.FluentBitLuaScript.Content },
        ];
    }

    // Fluent Bit's OTLP output takes host, port and TLS separately, while Aspire hands containers one endpoint URL.
    private static async Task SetDashboardEndpointVariablesAsync(EnvironmentCallbackContext context)
    {
        if (!context.EnvironmentVariables.TryGetValue("OTEL_EXPORTER_OTLP_ENDPOINT", out var endpoint))
        {
            return;
        }

        if (endpoint is EndpointReference reference)
        {
            context.EnvironmentVariables[FluentBitOtlpOutput.HostVariable] = reference.Property(EndpointProperty.Host);
            context.EnvironmentVariables[FluentBitOtlpOutput.PortVariable] = reference.Property(EndpointProperty.Port);
            context.EnvironmentVariables[FluentBitOtlpOutput.TlsVariable] = reference.Scheme == "https" ? "on" : "off";
        }
        else
        {
            var url = endpoint is IValueProvider provider
                ? await provider.GetValueAsync(new ValueProviderContext { ExecutionContext = context.ExecutionContext, Caller = context.Resource }, context.CancellationToken).ConfigureAwait(false)
                : endpoint.ToString();
            var uri = new Uri(url ?? throw new InvalidOperationException("The Aspire dashboard's OTLP endpoint has no URL."));
            context.EnvironmentVariables[FluentBitOtlpOutput.HostVariable] = uri.Host;
            context.EnvironmentVariables[FluentBitOtlpOutput.PortVariable] = uri.Port.ToString(CultureInfo.InvariantCulture);
            context.EnvironmentVariables[FluentBitOtlpOutput.TlsVariable] = uri.Scheme == Uri.UriSchemeHttps ? "on" : "off";
        }

        const string apiKeyHeader = "x-otlp-api-key=";
        if (context.EnvironmentVariables.TryGetValue("OTEL_EXPORTER_OTLP_HEADERS", out var headers)
            && headers is string header && header.StartsWith(apiKeyHeader, StringComparison.Ordinal))
        {
            context.EnvironmentVariables[FluentBitOtlpOutput.ApiKeyVariable] = header[apiKeyHeader.Length..];
        }
    }
}
