using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace Aspire.Hosting;

/// <summary>Shapes how a resource is published to Kubernetes by NodeStack's publisher.</summary>
public static class KubernetesPodBuilderExtensions
{
    /// <summary>
    /// Adds <paramref name="configure"/> to the callbacks that shape the resource's Kubernetes pod (namespace, workload kind,
    /// claims, resources, probes, host exposure). They run, in order, when the model is published.
    /// </summary>
    /// <remarks>
    /// Only what the local run does not declare belongs here: the publisher reads the image, arguments, environment,
    /// endpoints, container files (as ConfigMaps), container user and secret files from the model itself. Every container
    /// and project resource needs a pod shape (or <c>ExcludeFromManifest()</c>); the publish fails, naming the resource,
    /// when one is missing.
    /// </remarks>
    public static IResourceBuilder<T> PublishAsKubernetesPod<T>(this IResourceBuilder<T> builder, Action<KubernetesPod> configure)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        if (!builder.Resource.TryGetLastAnnotation<KubernetesPodAnnotation>(out var annotation))
        {
            annotation = new KubernetesPodAnnotation();
            builder.WithAnnotation(annotation);
        }

        annotation.Callbacks.Add(configure);
        return builder;
    }
}
