using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>Whether a namespace belongs to a NodeStack stack: the publisher labels its namespaces managed-by, part-of and instance.</summary>
internal static class NamespaceOwnership
{
    public static bool IsOwnedBy(IDictionary<string, string> labels, string instance) =>
        Has(labels, KubernetesNaming.ManagedByLabel, KubernetesNaming.ManagedBy)
        && Has(labels, KubernetesNaming.PartOfLabel, KubernetesNaming.ManagedBy)
        && Has(labels, KubernetesNaming.InstanceLabel, instance);

    public static string Describe(string instance) =>
        $"{KubernetesNaming.ManagedByLabel}={KubernetesNaming.ManagedBy}, {KubernetesNaming.PartOfLabel}={KubernetesNaming.ManagedBy}, {KubernetesNaming.InstanceLabel}={instance}";

    private static bool Has(IDictionary<string, string> labels, string key, string value) =>
        labels.TryGetValue(key, out var actual) && actual == value;
}
