using k8s;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>One published object and the file it is written to (<c>&lt;Folder&gt;/&lt;File&gt;</c>; the folder is its namespace).</summary>
internal sealed record PublishedObject(string Folder, string File, IKubernetesObject<V1ObjectMeta> Object)
{
    public string Kind => Object.Kind;

    public string Name => Object.Metadata.Name;

    public string? Namespace => Object.Metadata.NamespaceProperty;
}

/// <summary>A Secret the workloads need, created by deploy with generated values (never published with data).</summary>
/// <param name="Namespace">Where it is needed.</param>
/// <param name="Name">The Secret's name, which is the secret parameter's name.</param>
/// <param name="Format">How its <c>value</c> key is generated.</param>
/// <param name="Derived">Values computed from <c>value</c>, each stored under its own key.</param>
/// <param name="Labels">The standard labels deploy gives a Secret it creates, so destroy finds it.</param>
/// <param name="DeriveCommands">
/// By derived key: the shell command that computes it from <c>value</c> in the variable <see cref="ValueVariable"/>.
/// </param>
internal sealed record SecretRequirement(
    string Namespace,
    string Name,
    KubernetesSecretFormat Format,
    IReadOnlyList<IKubernetesDerivedSecretValue> Derived,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> DeriveCommands)
{
    /// <summary>The shell variable <see cref="DeriveCommands"/> read the secret's value from.</summary>
    public const string ValueVariable = "value";
}

/// <summary>An endpoint reachable on the host's loopback at <paramref name="HostPort"/> through a NodePort.</summary>
internal sealed record HostPortMapping(string Resource, string Namespace, string Service, string Endpoint, string Scheme, int HostPort, int NodePort);

/// <summary>A project resource's container image, built with the .NET SDK container support (natively when <paramref name="NativeAot"/>).</summary>
internal sealed record ProjectImage(string Resource, string ProjectPath, string Repository, string Tag, bool NativeAot)
{
    public string Reference(string registry) => (registry.Length > 0 ? registry + "/" : "") + Repository + ":" + Tag;
}

/// <summary>A workload deploy waits for.</summary>
internal sealed record WorkloadReference(string Kind, string Namespace, string Name);

/// <summary>Everything the model becomes on Kubernetes: the objects, and what deploy must add around them.</summary>
internal sealed record KubernetesManifest(
    IReadOnlyList<PublishedObject> Objects,
    IReadOnlyList<SecretRequirement> Secrets,
    IReadOnlyList<HostPortMapping> HostPorts,
    IReadOnlyList<ProjectImage> ProjectImages)
{
    public IEnumerable<string> Namespaces => Objects.OfType<PublishedObject>().Where(o => o.Object is V1Namespace).Select(o => o.Name);

    /// <summary>The workloads in apply order: nodes (StatefulSets) before what depends on them.</summary>
    public IEnumerable<WorkloadReference> Workloads => Objects
        .Where(o => o.Object is V1StatefulSet or V1Deployment or V1DaemonSet)
        .Order(PublishedObjectOrder.ApplyOrder)
        .Select(o => new WorkloadReference(o.Kind, o.Namespace!, o.Name));
}
