using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// A namespace with the Pod Security Standard labels: <c>restricted</c> everywhere, except that a namespace holding a
/// host-path reader (the log shipper) enforces <c>privileged</c>, still audits at <c>restricted</c>, and says why.
/// </summary>
internal static class NamespaceBuilder
{
    public const string ExceptionAnnotation = "nodestack.io/pod-security-exception";

    public static V1Namespace Build(string @namespace, IEnumerable<IResource> resources, KubernetesNaming naming)
    {
        var hostPathReaders = resources
            .SelectMany(r => KubernetesNaming.Pod(r).HostPaths.Select(h => $"{r.Name} mounts {h.HostPath} read-only"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var enforced = hostPathReaders.Count > 0 ? "privileged" : "restricted";
        var labels = naming.StackLabels();
        labels["pod-security.kubernetes.io/enforce"] = enforced;
        labels["pod-security.kubernetes.io/audit"] = "restricted";
        labels["pod-security.kubernetes.io/warn"] = enforced;
        return new V1Namespace
        {
            ApiVersion = V1Namespace.KubeApiVersion,
            Kind = V1Namespace.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = @namespace,
                Labels = labels,
                Annotations = hostPathReaders.Count == 0 ? null : new Dictionary<string, string>
                {
                    [ExceptionAnnotation] = string.Join("; ", hostPathReaders) + " (hostPath volumes need the privileged level; every other control still applies)",
                },
            },
        };
    }
}
