using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The callbacks that shape a resource's pod, in the order they were added. They run when the model is published, so
/// the pod follows the resource's final settings (a Bitcoin node's claim follows its pruning, however late it was set).
/// </summary>
internal sealed class KubernetesPodAnnotation : IResourceAnnotation
{
    public List<Action<KubernetesPod>> Callbacks { get; } = [];

    /// <summary>Whether the resource is published to Kubernetes at all: it has a pod shape and is not excluded from publishing.</summary>
    public static bool IsPublished(IResource resource) =>
        resource.TryGetLastAnnotation<KubernetesPodAnnotation>(out _)
        && !resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>().Any(a => a.Callback is null);

    /// <summary>The resource's pod, from its callbacks, checked.</summary>
    public static KubernetesPod PodOf(IResource resource)
    {
        var annotation = resource.Annotations.OfType<KubernetesPodAnnotation>().LastOrDefault()
            ?? throw new InvalidOperationException(
                $"Resource '{resource.Name}' has no Kubernetes pod shape: call PublishAsKubernetesPod(pod => ...) setting at least its Namespace and Component, or ExcludeFromManifest().");
        var pod = new KubernetesPod(resource);
        foreach (var callback in annotation.Callbacks)
        {
            try
            {
                callback(pod);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Resource '{resource.Name}' (PublishAsKubernetesPod): {e.Message}", e);
            }
        }

        pod.Validate();
        return pod;
    }
}
