using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>Names, namespaces, labels and ports of resources on Kubernetes: one place, so every object agrees.</summary>
internal sealed partial class KubernetesNaming(KubernetesPublishSettings settings)
{
    /// <summary>The <c>app.kubernetes.io/managed-by</c> and <c>part-of</c> value of everything NodeStack publishes.</summary>
    public const string ManagedBy = "nodestack";

    public const string NameLabel = "app.kubernetes.io/name";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>A .NET container listens on 8080 unless told otherwise; projects' endpoints have no fixed target port.</summary>
    public const int DefaultProjectPort = 8080;

    public KubernetesPublishSettings Settings { get; } = settings;

    /// <summary>Selects everything this stack deployed, for destroy.</summary>
    public string StackSelector => $"{ManagedByLabel}={ManagedBy},{InstanceLabel}={Settings.InstanceName}";

    public string Namespace(IResource resource) => Namespace(Pod(resource).Namespace);

    public string Namespace(string logicalNamespace) => Settings.NamespacePrefix + logicalNamespace;

    public string ServiceHost(IResource resource) =>
        $"{ObjectName(resource)}.{Namespace(resource)}.svc.{Settings.ClusterDomain}";

    /// <summary>The resource's object name: its Aspire name, lowercased, checked to be a DNS label short enough for suffixes.</summary>
    public static string ObjectName(IResource resource)
    {
        var name = resource.Name.ToLowerInvariant();
        if (name.Length > 40 || !DnsLabel().IsMatch(name))
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' cannot be published to Kubernetes: its name must be up to 40 letters, digits and '-', starting with a letter.");
        }

        return name;
    }

    /// <summary>The resource's pod shape (<see cref="KubernetesPodAnnotation.PodOf"/>).</summary>
    public static KubernetesPod Pod(IResource resource) => KubernetesPodAnnotation.PodOf(resource);

    /// <summary>The labels every object of a resource carries.</summary>
    public SortedDictionary<string, string> Labels(IResource resource) => new(StringComparer.Ordinal)
    {
        [NameLabel] = ObjectName(resource),
        [InstanceLabel] = Settings.InstanceName,
        [ComponentLabel] = Pod(resource).Component,
        [PartOfLabel] = ManagedBy,
        [ManagedByLabel] = ManagedBy,
    };

    /// <summary>The labels that select a resource's pods (stable across releases: selectors are immutable).</summary>
    public SortedDictionary<string, string> SelectorLabels(IResource resource) => new(StringComparer.Ordinal)
    {
        [NameLabel] = ObjectName(resource),
        [InstanceLabel] = Settings.InstanceName,
    };

    /// <summary>The labels of objects that belong to the stack rather than one resource (namespaces, default-deny policies).</summary>
    public SortedDictionary<string, string> StackLabels() => new(StringComparer.Ordinal)
    {
        [InstanceLabel] = Settings.InstanceName,
        [PartOfLabel] = ManagedBy,
        [ManagedByLabel] = ManagedBy,
    };

    /// <summary>The labels of a Secret deploy creates: the stack's, with the Secret's name and the <c>credentials</c> component.</summary>
    public SortedDictionary<string, string> SecretLabels(string secretName)
    {
        var labels = StackLabels();
        labels[NameLabel] = secretName;
        labels[ComponentLabel] = "credentials";
        return labels;
    }

    /// <summary>
    /// The container port of an endpoint: its target port; for a project without one, <see cref="DefaultProjectPort"/>
    /// (Aspire then sets <c>HTTP_PORTS</c> to the same value through the endpoint's target-port expression).
    /// </summary>
    public static int ContainerPort(IResource resource, EndpointAnnotation endpoint) =>
        endpoint.TargetPort
        ?? (resource is ProjectResource ? DefaultProjectPort : endpoint.Port)
        ?? throw new InvalidOperationException(
            $"Endpoint '{endpoint.Name}' of resource '{resource.Name}' has no target port; give it one (WithEndpoint(targetPort: ...)).");

    /// <summary>The port name of an endpoint: a lowercase IANA service name of at most 15 characters.</summary>
    public static string PortName(IResource resource, EndpointAnnotation endpoint)
    {
        var name = endpoint.Name.ToLowerInvariant();
        if (name.Length > 15 || !PortNamePattern().IsMatch(name))
        {
            throw new InvalidOperationException(
                $"Endpoint '{endpoint.Name}' of resource '{resource.Name}' cannot name a Kubernetes port: use up to 15 lowercase letters, digits and '-'.");
        }

        return name;
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex PortNamePattern();
}
