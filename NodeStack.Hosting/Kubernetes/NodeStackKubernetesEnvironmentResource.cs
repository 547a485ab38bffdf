using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The Kubernetes environment the model is published to and deployed on (a local k3d cluster by default), holding its
/// settings; its pipeline steps write the manifests, deploy them, destroy them and create missing Secrets.
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="settings">Where and how the model is published and deployed.</param>
public sealed class NodeStackKubernetesEnvironmentResource(string name, KubernetesPublishSettings settings) : Resource(name)
{
    /// <summary>Writes the kustomize tree and k3d config to the output path; part of <c>aspire publish</c>.</summary>
    public const string PublishStep = "k8s-publish";

    /// <summary>Publishes, then creates the k3d cluster if missing, builds and imports project images, applies and waits; part of <c>aspire deploy</c>.</summary>
    public const string DeployStep = "k8s-deploy";

    /// <summary>Removes what deploy created, keeping chain data and the cluster unless the settings say otherwise.</summary>
    public const string DestroyStep = "k8s-destroy";

    /// <summary>Creates the missing Secrets only, for clusters deployed with a plain <c>kubectl apply -k</c>.</summary>
    public const string SecretsStep = "k8s-secrets";

    /// <summary>The environment's settings, bound from <c>NodeStack:Kubernetes</c>.</summary>
    public KubernetesPublishSettings Settings { get; } = settings;
}
