namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// The order objects are applied in, and listed in within a file: namespaces first, then their NetworkPolicies (so no pod
/// ever runs before its namespace denies ingress), identities and RBAC, configuration, Services, claims and, last, the
/// workloads that use them all.
/// </summary>
internal sealed class PublishedObjectOrder : IComparer<PublishedObject>
{
    public static readonly PublishedObjectOrder Instance = new();

    private static readonly string[] Kinds =
    [
        "Namespace", "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret",
        "Service", "PersistentVolumeClaim", "StatefulSet", "Deployment", "DaemonSet",
    ];

    public static int Rank(string kind)
    {
        var rank = Array.IndexOf(Kinds, kind);
        return rank >= 0 ? rank : throw new InvalidOperationException($"NodeStack does not publish objects of kind {kind}.");
    }

    /// <summary>By folder, file, kind rank and name: the layout of the published tree.</summary>
    public int Compare(PublishedObject? x, PublishedObject? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byFolder = string.CompareOrdinal(x.Folder, y.Folder);
        var byFile = byFolder != 0 ? byFolder : string.CompareOrdinal(x.File, y.File);
        return byFile != 0 ? byFile : ApplyOrder.Compare(x, y);
    }

    /// <summary>By kind rank, namespace and name: the order deploy applies in.</summary>
    public static readonly IComparer<PublishedObject> ApplyOrder = Comparer<PublishedObject>.Create((x, y) =>
    {
        var byKind = Rank(x.Kind).CompareTo(Rank(y.Kind));
        var byNamespace = byKind != 0 ? byKind : string.CompareOrdinal(x.Namespace, y.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(x.Name, y.Name);
    });
}
