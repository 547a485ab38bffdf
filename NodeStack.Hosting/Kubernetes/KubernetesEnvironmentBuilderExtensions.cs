using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Publishing;

namespace Aspire.Hosting;

/// <summary>Adds the Kubernetes environment NodeStack publishes the model to.</summary>
public static class KubernetesEnvironmentBuilderExtensions
{
    /// <summary>
    /// Adds a Kubernetes environment with settings from <c>NodeStack:Kubernetes</c> (validated now, so a bad setting fails at
    /// startup), and its pipeline steps: <c>k8s-publish</c> (part of <c>aspire publish</c>), <c>k8s-deploy</c> (part of
    /// <c>aspire deploy</c>), <c>k8s-destroy</c> and <c>k8s-secrets</c>. Run one with
    /// <c>dotnet run --project NodeStack.AppHost -- --operation publish --step &lt;step&gt; --output-path k8s</c>.
    /// </summary>
    /// <remarks>
    /// Every container and project resource is published with the shape <c>PublishAsKubernetesPod</c> gives it. The
    /// environment is not a resource of the local run: it does not show in the dashboard.
    /// </remarks>
    public static IResourceBuilder<NodeStackKubernetesEnvironmentResource> AddNodeStackKubernetes(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new KubernetesPublishSettings();
        builder.Configuration.GetSection(KubernetesPublishSettings.SectionName).Bind(settings);
        settings.Validate();
        var environment = new NodeStackKubernetesEnvironmentResource(name, settings);

        var steps = new KubernetesPipelineSteps(environment.Settings);
        builder.Pipeline.AddStep(NodeStackKubernetesEnvironmentResource.PublishStep, steps.PublishAsync, requiredBy: WellKnownPipelineSteps.Publish);
        builder.Pipeline.AddStep(NodeStackKubernetesEnvironmentResource.DeployStep, steps.DeployAsync,
            dependsOn: NodeStackKubernetesEnvironmentResource.PublishStep, requiredBy: WellKnownPipelineSteps.Deploy);
        builder.Pipeline.AddStep(NodeStackKubernetesEnvironmentResource.DestroyStep, steps.DestroyAsync, requiredBy: WellKnownPipelineSteps.Destroy);
        builder.Pipeline.AddStep(NodeStackKubernetesEnvironmentResource.SecretsStep, steps.CreateSecretsAsync);

        // As Aspire's own compute environments: part of the model only when publishing.
        return builder.ExecutionContext.IsRunMode
            ? builder.CreateResourceBuilder(environment)
            : builder.AddResource(environment).ExcludeFromManifest();
    }

    /// <summary>Changes the environment's settings in code (after configuration), checked again at once.</summary>
    public static IResourceBuilder<NodeStackKubernetesEnvironmentResource> WithSettings(
        this IResourceBuilder<NodeStackKubernetesEnvironmentResource> builder, Action<KubernetesPublishSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Resource.Settings);
        builder.Resource.Settings.Validate();
        return builder;
    }
}
