using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds Grafana to the application model.</summary>
public static class GrafanaBuilderExtensions
{
    /// <summary>
    /// Adds Grafana (pinned <see cref="GrafanaContainerImageTags"/>, running as its non-root user 472) with
    /// <paramref name="prometheus"/> provisioned as the default datasource and NodeStack's dashboards (Overview,
    /// Bitcoin Core, Ethereum) provisioned read-only; Overview is the home dashboard. The admin user is <c>admin</c>;
    /// its password is a generated secret parameter (<c>{name}-admin-password</c>, kept in the AppHost's user
    /// secrets) unless <paramref name="adminPassword"/> is given. Anonymous access, sign-up, update checks and
    /// plugin downloads are off.
    /// </summary>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="name">The resource name (NodeStack's composition uses <c>grafana</c>).</param>
    /// <param name="prometheus">The Prometheus the dashboards query.</param>
    /// <param name="adminPassword">A secret parameter for the admin password; generated when omitted.</param>
    /// <param name="port">The host port; a random free port when omitted.</param>
    public static IResourceBuilder<GrafanaResource> AddGrafana(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<PrometheusResource> prometheus,
        IResourceBuilder<ParameterResource>? adminPassword = null,
        int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(prometheus);

        var password = adminPassword?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-admin-password");
        if (!password.Secret)
        {
            throw new ArgumentException($"Grafana's admin password parameter '{password.Name}' must be a secret parameter.", nameof(adminPassword));
        }

        var grafana = new GrafanaResource(name, password);
        var resource = builder.AddResource(grafana)
            .WithImage(GrafanaContainerImageTags.Image, GrafanaContainerImageTags.Tag)
            .WithImageRegistry(GrafanaContainerImageTags.Registry)
            .WithHttpEndpoint(port: port, targetPort: GrafanaResource.HttpTargetPort, name: GrafanaResource.HttpEndpointName)
            .WithContainerUser(GrafanaResource.UserId, GrafanaResource.UserId)
            .WithEnvironment(context =>
            {
                foreach (var (variable, value) in GrafanaProvisioning.HardeningEnvironment)
                {
                    context.EnvironmentVariables[variable] = value;
                }

                context.EnvironmentVariables["GF_SECURITY_ADMIN_PASSWORD"] = grafana.AdminPasswordParameter;
            })
            // Grafana also logs to /var/log/grafana by default: unread (and read-only on Kubernetes). Standard output is collected.
            .WithEnvironment("GF_LOG_MODE", "console")
            .WithContainerFiles(
                GrafanaResource.ProvisioningDirectory,
                async (context, cancellationToken) => await ProvisioningFilesAsync(context, prometheus.Resource, cancellationToken).ConfigureAwait(false),
                GrafanaResource.UserId,
                GrafanaResource.UserId)
            .WithContainerFiles(GrafanaResource.DashboardsDirectory, DashboardFiles(), GrafanaResource.UserId, GrafanaResource.UserId)
            .WithHttpHealthCheck("/api/health", endpointName: GrafanaResource.HttpEndpointName);
        resource.PublishAsKubernetesPod(GrafanaKubernetes.Shape);
        return resource;
    }

    /// <summary>Keeps Grafana's database (users, preferences, annotations) in a named volume.</summary>
    /// <param name="builder">The Grafana resource.</param>
    /// <param name="name">The volume name; generated from the application and resource names when omitted.</param>
    public static IResourceBuilder<GrafanaResource> WithDataVolume(this IResourceBuilder<GrafanaResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), GrafanaResource.DataDirectory);
    }

    private static async Task<IEnumerable<ContainerFileSystemItem>> ProvisioningFilesAsync(
        ContainerFileSystemCallbackContext context, PrometheusResource prometheus, CancellationToken cancellationToken)
    {
        var prometheusUrl = await ServiceAddresses.For(context).UrlAsync(prometheus.HttpEndpoint, cancellationToken).ConfigureAwait(false);
        return ProvisioningFiles(prometheusUrl, prometheus);
    }

    private static List<ContainerFileSystemItem> ProvisioningFiles(string prometheusUrl, PrometheusResource prometheus) =>
    [
        new ContainerDirectory
        {
            Name = "datasources",
            Entries =
            [
                new ContainerFile
                {
                    Name = "nodestack.yaml",
                    Contents = GrafanaProvisioning.DataSources(prometheusUrl, prometheus.Settings.ScrapeInterval),
                },
            ],
        },
        new ContainerDirectory
        {
            Name = "dashboards",
            Entries = [new ContainerFile { Name = "nodestack.yaml", Contents = GrafanaProvisioning.DashboardProviders(GrafanaResource.DashboardsDirectory) }],
        },
    ];

    private static List<ContainerFileSystemItem> DashboardFiles() =>
        MonitoringAssets.GrafanaDashboards
            .Select(dashboard => (ContainerFileSystemItem)new ContainerFile { Name = dashboard.FileName, Contents = dashboard.Content })
            .ToList();
}
