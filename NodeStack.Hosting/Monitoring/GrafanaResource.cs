using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>A Grafana server with NodeStack's Prometheus datasource and dashboards provisioned read-only.</summary>
/// <param name="name">The resource name.</param>
/// <param name="adminPassword">The secret parameter that holds the admin password.</param>
public sealed class GrafanaResource(string name, ParameterResource adminPassword) : ContainerResource(name)
{
    /// <summary>The name of the HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>The port Grafana listens on inside its container.</summary>
    public const int HttpTargetPort = 3000;

    /// <summary>The user and group Grafana's image is built for.</summary>
    public const int UserId = 472;

    /// <summary>The admin login name.</summary>
    public const string AdminUser = "admin";

    /// <summary>Grafana's provisioning folder (datasources and dashboard providers).</summary>
    public const string ProvisioningDirectory = "/etc/grafana/provisioning";

    /// <summary>The folder the provisioned dashboard JSON files are read from.</summary>
    public const string DashboardsDirectory = "/etc/grafana/dashboards/nodestack";

    /// <summary>Grafana's database and state folder (the data volume's mount point).</summary>
    public const string DataDirectory = "/var/lib/grafana";

    /// <summary>The HTTP endpoint.</summary>
    public EndpointReference HttpEndpoint => field ??= new(this, HttpEndpointName);

    /// <summary>The admin password: a secret parameter, generated unless the caller passes one.</summary>
    public ParameterResource AdminPasswordParameter { get; } = adminPassword;
}
