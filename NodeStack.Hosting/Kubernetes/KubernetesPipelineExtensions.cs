using Aspire.Hosting;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using NodeStack.Hosting.Kubernetes.Publishing;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>Registers NodeStack's Kubernetes pipeline steps: publish, deploy, destroy and secrets.</summary>
public static class KubernetesPipelineExtensions
{
    /// <summary>Writes the kustomize tree and k3d config to the output path; part of <c>aspire publish</c>.</summary>
    public const string PublishStep = "k8s-publish";

    /// <summary>Publishes, then creates the k3d cluster if missing, builds and imports project images, applies and waits; part of <c>aspire deploy</c>.</summary>
    public const string DeployStep = "k8s-deploy";

    /// <summary>Removes what deploy created, keeping chain data and the cluster unless the settings say otherwise.</summary>
    public const string DestroyStep = "k8s-destroy";

    /// <summary>Creates the missing Secrets only, for clusters deployed with a plain <c>kubectl apply -k</c>.</summary>
    public const string SecretsStep = "k8s-secrets";

    /// <summary>
    /// Adds the Kubernetes publish, deploy, destroy and secrets steps, with settings from <c>NodeStack:Kubernetes</c>
    /// (then <paramref name="configure"/>), validated now so a bad setting fails at startup. Run one with
    /// <c>dotnet run --project NodeStack.AppHost -- --operation publish --step &lt;step&gt; --output-path k8s</c>.
    /// </summary>
    public static IDistributedApplicationBuilder AddNodeStackKubernetes(
        this IDistributedApplicationBuilder builder, Action<KubernetesPublishSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new KubernetesPublishSettings();
        builder.Configuration.GetSection(KubernetesPublishSettings.SectionName).Bind(settings);
        configure?.Invoke(settings);
        settings.Validate();

        var steps = new KubernetesPipelineSteps(settings);
        builder.Pipeline.AddStep(PublishStep, steps.PublishAsync, requiredBy: WellKnownPipelineSteps.Publish);
        builder.Pipeline.AddStep(DeployStep, steps.DeployAsync, dependsOn: PublishStep, requiredBy: WellKnownPipelineSteps.Deploy);
        builder.Pipeline.AddStep(DestroyStep, steps.DestroyAsync, requiredBy: WellKnownPipelineSteps.Destroy);
        builder.Pipeline.AddStep(SecretsStep, steps.CreateSecretsAsync);
        return builder;
    }
}
