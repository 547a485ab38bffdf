namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>Whether a namespace belongs to a NodeStack stack: it carries every label the publisher gives the stack's namespaces.</summary>
internal static class NamespaceOwnership
{
    public static bool IsOwnedBy(IDictionary<string, string> labels, IReadOnlyDictionary<string, string> ownerLabels) =>
        ownerLabels.All(owner => labels.TryGetValue(owner.Key, out var actual) && actual == owner.Value);

    public static string Describe(IReadOnlyDictionary<string, string> ownerLabels) =>
        string.Join(", ", ownerLabels.Select(owner => $"{owner.Key}={owner.Value}"));
}
