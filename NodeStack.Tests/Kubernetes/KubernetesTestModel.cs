using NodeStack.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Manifest;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Secrets;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// A model shaped like NodeStack's (nodes, exporter, Prometheus, Grafana, Fluent Bit), built with Aspire's own
/// AddContainer/AddProject/AddParameter plus the Kubernetes annotations, so the publisher is tested before the real
/// resources exist. The checks iterate over every object, so they serve the full model unchanged.
/// </summary>
internal static class KubernetesTestModel
{
    public static string ExporterProject => Path.Combine(Fixtures.RequiredTool.RepositoryRoot, "NodeStack.Exporter", "NodeStack.Exporter.csproj");

    /// <summary>Builds the sample model in publish mode and returns the manifest the publisher makes of it.</summary>
    public static async Task<KubernetesManifest> ManifestAsync(KubernetesPublishSettings? settings = null, Action<IDistributedApplicationBuilder>? extend = null)
    {
        var builder = PublishModeBuilder();
        Compose(builder);
        extend?.Invoke(builder);
        return await BuildManifestAsync(builder, settings ?? new KubernetesPublishSettings());
    }

    public static IDistributedApplicationBuilder PublishModeBuilder(params string[] extraArgs) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", "none", .. extraArgs],
            DisableDashboard = true,
            AssemblyName = typeof(KubernetesTestModel).Assembly.GetName().Name,
        });

    public static async Task<KubernetesManifest> BuildManifestAsync(IDistributedApplicationBuilder builder, KubernetesPublishSettings settings)
    {
        await using var app = builder.Build();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        return await KubernetesManifestBuilder.BuildAsync(model, executionContext, settings, TestContext.Current.CancellationToken);
    }

    /// <summary>A minimal publishable container, <c>sample</c> in namespace <c>apps</c> as a Deployment, for tests of one publisher feature.</summary>
    public static IResourceBuilder<ContainerResource> Sample(IDistributedApplicationBuilder builder) =>
        builder.AddContainer("sample", "example/sample", "1.2.3")
            .WithHttpEndpoint(name: "http", port: 8080, targetPort: 8080)
            .WithContainerUser(1000, 1000)
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "apps";
                pod.Component = "sample";
                pod.WithResources("10m", "16Mi", "100m", "64Mi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Tcp("http"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp("http"));
            });

    /// <summary>The manifest of a model that holds only <see cref="Sample"/>, as <paramref name="configure"/> changes it.</summary>
    public static async Task<KubernetesManifest> SampleManifestAsync(Action<IResourceBuilder<ContainerResource>> configure, KubernetesPublishSettings? settings = null)
    {
        var builder = PublishModeBuilder();
        configure(Sample(builder));
        return await BuildManifestAsync(builder, settings ?? new KubernetesPublishSettings());
    }

    /// <summary>The sample's container, whatever its workload kind.</summary>
    public static k8s.Models.V1Container SampleContainer(KubernetesManifest manifest) => SampleTemplate(manifest).Spec.Containers[0];

    /// <summary>The sample's pod template, whatever its workload kind.</summary>
    public static k8s.Models.V1PodTemplateSpec SampleTemplate(KubernetesManifest manifest) => manifest.Objects.Select(o => o.Object).Single(o => o.Metadata.Name == "sample" && o is k8s.Models.V1Deployment or k8s.Models.V1StatefulSet or k8s.Models.V1DaemonSet) switch
    {
        k8s.Models.V1Deployment d => d.Spec.Template,
        k8s.Models.V1StatefulSet s => s.Spec.Template,
        var other => ((k8s.Models.V1DaemonSet)other).Spec.Template,
    };

    public static void Compose(IDistributedApplicationBuilder builder)
    {
        var jwt = builder.AddParameter("engine-jwt", new NodeStack.Hosting.Parameters.JwtSecretParameterDefault(), secret: true);
        var rpcUser = builder.AddParameter("bitcoin-rpc-user", "nodestack");
        var rpcPassword = builder.AddParameter("bitcoin-rpc-password", secret: true);
        var grafanaPassword = builder.AddParameter("grafana-admin-password", secret: true);

        var geth = builder.AddContainer("geth", "ethereum/client-go", "v1.16.7")
            .WithHttpEndpoint(name: "http", port: 8545, targetPort: 8545)
            .WithHttpEndpoint(name: "metrics", port: 6060, targetPort: 6060)
            .WithHttpEndpoint(name: "authrpc", port: 8551, targetPort: 8551)
            .WithEndpoint(name: "p2p", port: 30303, targetPort: 30303, scheme: "tcp")
            .WithVolume("geth-data", "/data")
            .WithArgs("--datadir=/data", "--http", "--http.addr=0.0.0.0", "--authrpc.jwtsecret=/secrets/jwt.hex")
            .WithPrometheusScrape("metrics", "/debug/metrics/prometheus")
            .WithContainerUser(10001, 10001)
            .WithSecretFile(jwt.Resource, "/secrets/jwt.hex")
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "eth-nodes";
                pod.Component = "execution-client";
                pod.WritablePaths.Add("/tmp");
                pod.AsStatefulSet("20Gi")
                    .WithResources("500m", "2Gi", "2", "8Gi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Tcp("http"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp("authrpc"), periodSeconds: 30)
                    .StartupProbe(KubernetesProbeCheck.Tcp("http"), TimeSpan.FromMinutes(30))
                    .ExposeOnHost("http", 8545);
                pod.OpenToAnySource.Add("p2p");
            });

        var lighthouse = builder.AddContainer("lighthouse", "sigp/lighthouse", "v8.0.1")
            .WithHttpEndpoint(name: "http", port: 5052, targetPort: 5052)
            .WithHttpEndpoint(name: "metrics", port: 5054, targetPort: 5054)
            .WithVolume("lighthouse-data", "/data")
            .WithArgs(context =>
            {
                context.Args.Add("beacon_node");
                context.Args.Add("--execution-endpoint");
                context.Args.Add(geth.GetEndpoint("authrpc"));
                context.Args.Add("--execution-jwt=/secrets/jwt.hex");
            })
            .WithPrometheusScrape("metrics")
            .WithContainerUser(10002, 10002)
            .WithSecretFile(jwt.Resource, "/secrets/jwt.hex")
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "eth-nodes";
                pod.Component = "consensus-client";
                pod.WritablePaths.Add("/tmp");
                pod.AsStatefulSet("10Gi")
                    .WithResources("250m", "1Gi", "2", "4Gi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http("http", "/eth/v1/node/health"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Tcp("http"));
            });

        var bitcoin = builder.AddContainer("bitcoin", "bitcoin/bitcoin", "29.0")
            .WithHttpEndpoint(name: "rpc", port: 18443, targetPort: 18443)
            .WithVolume("bitcoin-data", "/home/bitcoin/.bitcoin")
            .WithArgs(context =>
            {
                context.Args.Add("-regtest");
                context.Args.Add(ReferenceExpression.Create($"-rpcauth={new TestRpcAuth(rpcUser.Resource, rpcPassword.Resource)}"));
                context.Args.Add("-printtoconsole");
            })
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "btc-nodes";
                pod.Component = "bitcoin-node";
                pod.User = (10003, 10003);
                pod.WritablePaths.Add("/tmp");
                pod.AsStatefulSet("5Gi")
                    .WithResources("250m", "512Mi", "1", "2Gi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Tcp("rpc"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Exec("bitcoin-cli", "-regtest", "-getinfo"))
                    .ExposeOnHost("rpc", 18443);
            });

        var exporter = builder.AddProject("bitcoin-exporter", ExporterProject)
            .WithHttpEndpoint(name: "http", port: 9332)
            .WithEnvironment("ConnectionStrings__bitcoin",
                ReferenceExpression.Create($"http://{rpcUser.Resource:uri}:{rpcPassword.Resource:uri}@{bitcoin.GetEndpoint("rpc").Property(EndpointProperty.HostAndPort)}"))
            .WithPrometheusScrape()
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "btc-nodes";
                pod.Component = "exporter";
            });

        var prometheus = builder.AddContainer("prometheus", "prom/prometheus", "v3.5.0")
            .WithHttpEndpoint(name: "http", port: 9090, targetPort: 9090)
            .WithVolume("prometheus-data", "/prometheus")
            .WithArgs("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus")
            .WithPrometheusScrape()
            .WithContainerUser(65534, 65534)
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "monitoring";
                pod.Component = "metrics";
                pod.AsStatefulSet("10Gi")
                    .WithResources("100m", "512Mi", "1", "2Gi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http("http", "/-/ready"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http("http", "/-/healthy"))
                    .ExposeOnHost("http", 9090);
            });
        prometheus.WithContainerFiles("/etc/prometheus", async (context, cancellationToken) =>
            [new ContainerFile { Name = "prometheus.yml", Contents = await ScrapeConfigAsync(builder, prometheus.Resource, ServiceAddresses.For(context), cancellationToken) }]);

        builder.AddContainer("grafana", "grafana/grafana", "12.2.1")
            .WithHttpEndpoint(name: "http", port: 3000, targetPort: 3000)
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", grafanaPassword)
            .WithEnvironment("GF_PATHS_DATA", "/var/lib/grafana")
            .WithContainerUser(472, 472)
            .WithContainerFiles("/etc/grafana/provisioning/datasources", async (context, cancellationToken) =>
            [
                new ContainerFile
                {
                    Name = "prometheus.yaml",
                    Contents = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: "
                        + await ServiceAddresses.For(context).UrlAsync(prometheus.GetEndpoint("http"), cancellationToken) + "\n",
                },
            ])
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "monitoring";
                pod.Component = "dashboards";
                pod.WritablePaths.UnionWith(["/var/lib/grafana", "/tmp"]);
                pod.ConfigMapNames["/etc/grafana/provisioning/datasources"] = "datasources";
                pod.WithResources("100m", "256Mi", "1", "1Gi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http("http", "/api/health"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http("http", "/api/health"))
                    .ExposeOnHost("http", 3000);
            });

        builder.AddContainer("fluent-bit", "fluent/fluent-bit", "4.1.1")
            .WithHttpEndpoint(name: "http", port: 2020, targetPort: 2020)
            .WithContainerUser(10001, 10001)
            .WithContainerFiles("/fluent-bit/etc", [new ContainerFile { Name = "fluent-bit.yaml", Contents = "service:\n  http_server: on\n" }])
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "logging";
                pod.Component = "log-shipper";
                pod.WritablePaths.Add("/fluent-bit/db");
                pod.AsDaemonSet()
                    .WithResources("50m", "64Mi", "500m", "256Mi")
                    .Probe(KubernetesProbeType.Readiness, KubernetesProbeCheck.Http("http", "/api/v1/health"))
                    .Probe(KubernetesProbeType.Liveness, KubernetesProbeCheck.Http("http", "/"));
                pod.HostPaths.Add(new KubernetesHostPath("/var/log", "/var/log"));
                pod.ApiReads.Add(new KubernetesApiRead("", ["pods"], ["get"], [geth.Resource, lighthouse.Resource, bitcoin.Resource]));
            });
    }

    /// <summary>A scrape config listing every scrape endpoint of the model but Prometheus' own, as the caller reaches each.</summary>
    private static async Task<string> ScrapeConfigAsync(
        IDistributedApplicationBuilder builder, IResource prometheus, ServiceAddresses addresses, CancellationToken cancellationToken)
    {
        var config = new System.Text.StringBuilder("scrape_configs:\n");
        foreach (var resource in builder.Resources.OfType<IResourceWithEndpoints>().Where(r => !ReferenceEquals(r, prometheus)))
        {
            foreach (var scrape in resource.Annotations.OfType<PrometheusScrapeAnnotation>())
            {
                var address = await addresses.ScrapeAddressAsync(resource.GetEndpoint(scrape.EndpointName), cancellationToken);
                config.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - job_name: {resource.Name}\n    static_configs:\n      - targets: ['{address.HostAndPort}']\n");
            }
        }

        return config.ToString();
    }

    /// <summary>A Bitcoin Core <c>-rpcauth</c> value (user:salt$hmac), as the node resource computes it.</summary>
    internal sealed class TestRpcAuth(ParameterResource user, ParameterResource password)
        : IKubernetesDerivedSecretValue, IValueWithReferences, IManifestExpressionProvider
    {
        public ParameterResource Source => password;

        public string DerivedKey => "rpcauth";

        public string ValueExpression => "{" + password.Name + ".rpcauth}";

        public IEnumerable<object> References => [user, password];

        public async ValueTask<string> DeriveAsync(string secretValue, CancellationToken cancellationToken) =>
            BitcoinRpcAuth.CreateLine((await user.GetValueAsync(cancellationToken))!, secretValue);

        public async ValueTask<string> DeriveCommandAsync(string valueVariable, CancellationToken cancellationToken) =>
            BitcoinRpcAuth.ShellCommand((await user.GetValueAsync(cancellationToken))!, valueVariable);

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            await DeriveAsync(await password.GetValueAsync(cancellationToken) ?? "", cancellationToken);

        public ValueTask<string?> GetValueAsync(ValueProviderContext context, CancellationToken cancellationToken = default) =>
            GetValueAsync(cancellationToken);
    }
}
