using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// An environment variable the local run sets but the Kubernetes container does not need (its configuration there holds
/// the value itself), left out of the pod so nothing reads like a setting that has no effect.
/// </summary>
/// <param name="Name">The variable's name.</param>
public sealed record KubernetesExcludedEnvironmentAnnotation(string Name) : IResourceAnnotation;
