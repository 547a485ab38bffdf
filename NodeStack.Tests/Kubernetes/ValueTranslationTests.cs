using NodeStack.Hosting;
using k8s.Models;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Tests.Kubernetes;

public class ValueTranslationTests
{
    [Fact]
    public async Task A_secret_parameter_in_env_becomes_a_secretKeyRef_and_never_a_value()
    {
        var container = await ContainerAsync(b => b.WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", b.ApplicationBuilder.AddParameter("admin-password", "s3cr3t-value", secret: true)));

        var env = Assert.Single(container.Env);
        Assert.Null(env.Value);
        Assert.Equal(("admin-password", "value"), (env.ValueFrom.SecretKeyRef.Name, env.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public async Task A_connection_string_with_a_secret_expands_an_earlier_secretKeyRef_variable()
    {
        var container = await ContainerAsync(b =>
        {
            var password = b.ApplicationBuilder.AddParameter("rpc-password", "s3cr3t-value", secret: true);
            var user = b.ApplicationBuilder.AddParameter("rpc-user", "node stack");
            b.WithEnvironment("ConnectionStrings__node", ReferenceExpression.Create($"http://{user.Resource:uri}:{password.Resource:uri}@{b.GetEndpoint("http").Property(EndpointProperty.HostAndPort)}"));
        });

        Assert.Equal(["NODESTACK_SECRET_RPC_PASSWORD_VALUE", "ConnectionStrings__node"], container.Env.Select(e => e.Name));
        Assert.Equal("rpc-password", container.Env[0].ValueFrom.SecretKeyRef.Name);
        Assert.Equal("http://node%20stack:$(NODESTACK_SECRET_RPC_PASSWORD_VALUE)@sample.apps.svc.cluster.local:8080", container.Env[1].Value);
    }

    [Fact]
    public async Task A_secret_parameter_in_the_arguments_fails_the_publish_naming_resource_argument_and_parameter()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ContainerAsync(b =>
            b.WithArgs(ReferenceExpression.Create($"--password={b.ApplicationBuilder.AddParameter("rpc-password", secret: true).Resource}"))));

        Assert.Contains("Resource 'sample' argument 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rpc-password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_render_as_service_dns_names_with_the_container_port()
    {
        var container = await ContainerAsync(b => b
            .WithArgs(b.GetEndpoint("http"), b.GetEndpoint("http").Property(EndpointProperty.Host), b.GetEndpoint("http").Property(EndpointProperty.Port)),
            new KubernetesPublishSettings { NamespacePrefix = "lab1-", ClusterDomain = "cluster.example" });

        Assert.Equal(["http://sample.lab1-apps.svc.cluster.example:8080", "sample.lab1-apps.svc.cluster.example", "8080"], container.Args);
    }

    [Fact]
    public async Task Literal_dollar_signs_survive_kubernetes_variable_expansion_unchanged()
    {
        string[] literals = ["-rpcauth=user:salt$hash", "$(DEFINED)", "$$", "a$", "$$(DEFINED)"];
        var container = await ContainerAsync(b => b.WithArgs(literals));

        Assert.Equal(literals, container.Args.Select(a => KubernetesExpansion.Expand(a, new Dictionary<string, string> { ["DEFINED"] = "oops" })));
        Assert.Equal("-rpcauth=user:salt$hash", container.Args[0]);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("")]
    public async Task An_image_without_a_pinned_tag_fails_the_publish(string tag)
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        Sample(builder).WithImageTag(tag);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings()));

        Assert.Contains("pin a released version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_without_a_Kubernetes_workload_fails_the_publish_naming_it_and_the_fix()
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        builder.AddContainer("forgotten", "example/forgotten", "1.0");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings()));

        Assert.Contains("'forgotten'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PublishAsKubernetesPod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_without_probes_fails_the_publish_naming_the_missing_probe()
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        builder.AddContainer("bare", "example/bare", "1.0").WithContainerUser(1000, 1000)
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "apps";
                pod.Component = "bare";
                pod.WithResources("10m", "16Mi", "100m", "64Mi");
            });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings()));

        Assert.Contains("Resource 'bare' has no Kubernetes a readiness probe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_volume_on_a_Deployment_fails_the_publish_instead_of_silently_losing_data()
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        Sample(builder).WithVolume("data", "/data");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings()));

        Assert.Contains("pod.AsStatefulSet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_host_path_reader_may_run_as_root()
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        // An image whose local user is set another way (WithContainerUser refuses root): the pod's own user.
        var sample = Sample(builder);
        sample.Resource.Annotations.Remove(sample.Resource.Annotations.OfType<ContainerUserAnnotation>().Single());
        sample.PublishAsKubernetesPod(pod => pod.User = (0, 0));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings()));

        Assert.Contains("runs as root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_gets_the_dotnet_defaults_and_a_pinned_image_built_from_its_project()
    {
        var builder = KubernetesTestModel.PublishModeBuilder();
        builder.AddProject("exporter", KubernetesTestModel.ExporterProject).WithHttpEndpoint(name: "http", port: 9332)
            .PublishAsKubernetesPod(pod =>
            {
                pod.Namespace = "apps";
                pod.Component = "exporter";
            });

        var manifest = await KubernetesTestModel.BuildManifestAsync(builder, new KubernetesPublishSettings());

        var image = Assert.Single(manifest.ProjectImages);
        Assert.Equal(("nodestack/exporter", "1.0.0", KubernetesTestModel.ExporterProject), (image.Repository, image.Tag, image.ProjectPath));
        var container = manifest.Objects.Select(o => o.Object).OfType<V1Deployment>().Single().Spec.Template.Spec.Containers[0];
        Assert.Equal("nodestack/exporter:1.0.0", container.Image);
        Assert.Equal(("/health", "/alive"), (container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path));
        Assert.Equal(1654, container.SecurityContext.RunAsUser);
        Assert.Equal("8080", container.Env.Single(e => e.Name == "HTTP_PORTS").Value);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("1.5.5Gi")]
    public async Task A_malformed_resource_quantity_fails_the_publish_naming_the_resource_and_the_quantity(string quantity)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KubernetesTestModel.SampleManifestAsync(s => s.PublishAsKubernetesPod(pod => pod.WithResources(quantity, "1Gi", "1", "1Gi"))));

        Assert.Contains($"Resource 'sample' (PublishAsKubernetesPod): '{quantity}' is not a Kubernetes quantity", error.Message, StringComparison.Ordinal);
    }

    private static IResourceBuilder<ContainerResource> Sample(IDistributedApplicationBuilder builder) => KubernetesTestModel.Sample(builder);

    private static async Task<V1Container> ContainerAsync(Action<IResourceBuilder<ContainerResource>> configure, KubernetesPublishSettings? settings = null) =>
        KubernetesTestModel.SampleContainer(await KubernetesTestModel.SampleManifestAsync(configure, settings));
}
