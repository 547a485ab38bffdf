using k8s.Models;

namespace NodeStack.Tests.Kubernetes;

/// <summary>The traffic a tree's NetworkPolicies admit, readable: <c>namespace/pod</c> to <c>source -> port</c> rules.</summary>
internal static class NetworkAllows
{
    /// <summary>Every pod with an allow policy and what it admits; default-deny policies admit nothing and are left out.</summary>
    public static SortedDictionary<string, IReadOnlyList<string>> Of(PublishedTree tree) => new(
        tree.All<V1NetworkPolicy>()
            .Where(p => p.Spec.Ingress is { Count: > 0 })
            .ToDictionary(
                p => p.Metadata.NamespaceProperty + "/" + p.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"],
                p => (IReadOnlyList<string>)Rules(p).ToList()),
        StringComparer.Ordinal);

    /// <summary>Each rule as <c>any source -> port</c> or <c>namespace/pod -> port</c>, sorted.</summary>
    public static IEnumerable<string> Rules(V1NetworkPolicy policy) => policy.Spec.Ingress
        .SelectMany(rule => rule.Ports.Select(port => (rule.FromProperty is null
            ? "any source"
            : rule.FromProperty[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"] + "/" + rule.FromProperty[0].PodSelector.MatchLabels["app.kubernetes.io/name"])
            + " -> " + port.Port.Value))
        .Order(StringComparer.Ordinal);
}
