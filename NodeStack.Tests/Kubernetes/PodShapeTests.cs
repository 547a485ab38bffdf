using k8s.Models;
using NodeStack.Hosting;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Secrets;
using static NodeStack.Tests.Kubernetes.KubernetesTestModel;

namespace NodeStack.Tests.Kubernetes;

/// <summary>How a resource's identity, files, data and command become its pod.</summary>
public class PodShapeTests
{
    [Fact]
    public async Task A_container_runs_on_Kubernetes_as_the_user_it_runs_as_locally()
    {
        var manifest = await SampleManifestAsync(s => s.WithContainerUser(472, 473));

        var template = SampleTemplate(manifest);
        Assert.Equal((472L, 473L, 473L), (template.Spec.SecurityContext.RunAsUser, template.Spec.SecurityContext.RunAsGroup, template.Spec.SecurityContext.FsGroup));
        Assert.Equal(472, template.Spec.Containers[0].SecurityContext.RunAsUser);
    }

    [Fact]
    public async Task A_pod_user_beside_the_local_container_user_fails_the_publish_because_the_user_is_declared_once()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SampleManifestAsync(s => s.WithContainerUser(472, 472).PublishAsKubernetesPod(pod => pod.User = (1000, 1000))));

        Assert.Contains("runs as 472:472 (WithContainerUser) and also sets its pod's User", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_path_reader_reads_through_a_supplemental_group_and_stays_non_root()
    {
        var manifest = await SampleManifestAsync(s => s.PublishAsKubernetesPod(pod => pod.AsDaemonSet().HostPaths.Add(new KubernetesHostPath("/var/log", "/var/log", ReaderGroupId: 0))));

        var template = SampleTemplate(manifest);
        Assert.Equal([0L], template.Spec.SecurityContext.SupplementalGroups.Select(g => g!.Value));
        Assert.True(template.Spec.SecurityContext.RunAsNonRoot);
        Assert.True(Assert.Single(template.Spec.Containers[0].VolumeMounts, m => m.MountPath == "/var/log").ReadOnlyProperty);
    }

    [Fact]
    public async Task Container_files_in_sub_folders_are_projected_to_their_paths_from_flat_ConfigMap_keys()
    {
        var manifest = await SampleManifestAsync(s => s.WithContainerFiles("/etc/sample",
        [
            new ContainerFile { Name = "sample.yml", Contents = "rule_files: [rules/a.yml]\n" },
            new ContainerDirectory { Name = "rules", Entries = [new ContainerFile { Name = "a.yml", Contents = "groups: []\n" }] },
        ]));

        var configMap = manifest.Objects.Select(o => o.Object).OfType<V1ConfigMap>().Single();
        Assert.Equal(["rules_a.yml", "sample.yml"], configMap.Data.Keys);
        var volume = Assert.Single(SampleTemplate(manifest).Spec.Volumes, v => v.ConfigMap is not null).ConfigMap;
        Assert.Equal([("rules_a.yml", "rules/a.yml"), ("sample.yml", "sample.yml")], volume.Items.Select(i => (i.Key, i.Path)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("sample?.yml")]
    [InlineData("with space.yml")]
    public async Task A_container_file_name_that_cannot_be_a_ConfigMap_key_fails_the_publish(string path)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleManifestAsync(s =>
            s.WithContainerFiles("/etc/sample", [new ContainerFile { Name = path, Contents = "x" }])));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_file_callbacks_run_for_the_publish_with_the_cluster_addresses_and_become_a_mounted_ConfigMap()
    {
        var manifest = await SampleManifestAsync(s => s.WithContainerFiles("/etc/sample", async (context, cancellationToken) =>
            [new ContainerFile { Name = "upstream.txt", Contents = await ServiceAddresses.For(context).UrlAsync(s.GetEndpoint("http"), cancellationToken) }]));

        var configMap = manifest.Objects.Select(o => o.Object).OfType<V1ConfigMap>().Single();
        Assert.Equal(("sample-config", "http://sample.apps.svc.cluster.local:8080"), (configMap.Metadata.Name, configMap.Data["upstream.txt"]));
        Assert.Contains(SampleContainer(manifest).VolumeMounts, m => m is { Name: "config-config", MountPath: "/etc/sample", ReadOnlyProperty: true });
    }

    [Fact]
    public async Task A_StatefulSet_data_path_gets_a_retained_claim_even_without_a_local_volume()
    {
        var manifest = await SampleManifestAsync(s => s.PublishAsKubernetesPod(pod => pod.AsStatefulSet("3Gi", "/data")));

        var statefulSet = manifest.Objects.Select(o => o.Object).OfType<V1StatefulSet>().Single();
        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        Assert.Equal(("data", "3Gi"), (claim.Metadata.Name, claim.Spec.Resources.Requests["storage"].ToString()));
        Assert.Contains(statefulSet.Spec.Template.Spec.Containers[0].VolumeMounts, m => m is { Name: "data", MountPath: "/data" });
    }

    [Fact]
    public async Task A_StatefulSet_that_keeps_no_data_fails_the_publish()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SampleManifestAsync(s => s.PublishAsKubernetesPod(pod => pod.AsStatefulSet("3Gi"))));

        Assert.Contains("keeps no data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pod_command_replaces_the_image_entrypoint_and_the_arguments_follow()
    {
        var manifest = await SampleManifestAsync(s => s.WithArgs("-server=1").PublishAsKubernetesPod(pod => pod.Command = ["sampled", "-datadir=/data"]));

        var container = SampleContainer(manifest);
        Assert.Equal(["sampled", "-datadir=/data"], container.Command);
        Assert.Equal(["-server=1"], container.Args);
    }

    [Fact]
    public async Task Service_host_names_are_the_resource_name_locally_and_every_Service_DNS_name_on_Kubernetes()
    {
        var manifest = await SampleManifestAsync(
            s => s.WithArgs(context => context.Args.Add(ReferenceExpression.Create($"--vhosts=localhost,{new ServiceHostNames(s.Resource)}"))),
            new KubernetesPublishSettings { NamespacePrefix = "lab1-" });
        var local = await new ServiceHostNames(new ContainerResource("sample")).GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["--vhosts=localhost,sample,sample.lab1-apps,sample.lab1-apps.svc,sample.lab1-apps.svc.cluster.local"], SampleContainer(manifest).Args);
        Assert.Equal("sample", local);
    }

    [Fact]
    public async Task The_publish_never_reads_a_secret_parameters_value()
    {
        var builder = PublishModeBuilder();
        var secret = builder.AddParameter("guarded", new UnreadableDefault(), secret: true);
        Sample(builder).WithEnvironment("PASSWORD", secret).WithSecretFile(secret.Resource, "/run/secrets/guarded");

        var manifest = await BuildManifestAsync(builder, new KubernetesPublishSettings());

        Assert.Equal("guarded", Assert.Single(manifest.Secrets).Name);
    }

    /// <summary>A parameter default that fails the test if anything asks for the value.</summary>
    private sealed class UnreadableDefault : ParameterDefault
    {
        public override string GetDefaultValue() => throw new InvalidOperationException("The publish read a secret value.");

        public override void WriteToManifest(Aspire.Hosting.Publishing.ManifestPublishingContext context)
        {
        }
    }
}
