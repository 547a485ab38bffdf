using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Tests.Kubernetes;

/// <summary>The k8s-publish step run by Aspire's own pipeline, as <c>--operation publish --step k8s-publish</c> runs it.</summary>
public class PublishStepTests
{
    [Fact]
    public async Task The_publish_step_writes_the_tree_to_the_pipeline_output_path()
    {
        var output = PublishedTree.NewOutputFolder();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", NodeStackKubernetesEnvironmentResource.PublishStep, "--output-path", output, "--NodeStack:Kubernetes:StorageClass=fast-ssd"],
            DisableDashboard = true,
            AssemblyName = typeof(PublishStepTests).Assembly.GetName().Name,
        });
        KubernetesTestModel.Compose(builder);
        builder.AddNodeStackKubernetes("k8s");

        await using var app = builder.Build();
        await app.RunAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        var tree = PublishedTree.Load(output);
        Assert.True(File.Exists(Path.Combine(output, "k3d", "cluster.yaml")));
        Assert.Contains(tree.All<k8s.Models.V1StatefulSet>(), s => s.Metadata.Name == "geth"
            && s.Spec.VolumeClaimTemplates[0].Spec.StorageClassName == "fast-ssd");
    }

    [Fact]
    public void A_bad_setting_fails_at_startup_naming_the_setting()
    {
        var builder = KubernetesTestModel.PublishModeBuilder("--NodeStack:Kubernetes:NamespacePrefix=Bad_Prefix");

        var error = Assert.Throws<NodeStack.Hosting.Profiles.NodeStackSettingsException>(() => builder.AddNodeStackKubernetes("k8s"));

        Assert.Contains("NodeStack:Kubernetes:NamespacePrefix = 'Bad_Prefix'", error.Message, StringComparison.Ordinal);
    }
}
