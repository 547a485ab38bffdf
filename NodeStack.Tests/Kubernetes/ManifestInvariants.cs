using k8s.Models;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// The rules every published tree must satisfy, checked over every object (not by sampling), so the same checks serve
/// the test model here and the full model's committed <c>k8s/</c>. The one documented exception is Fluent Bit's read-only
/// hostPath view of <c>/var/log</c>: its namespace enforces <c>privileged</c> (which hostPath volumes need) and says why;
/// the pod keeps every other control, non-root included.
/// </summary>
internal static class ManifestInvariants
{
    /// <param name="tree">The published tree.</param>
    /// <param name="writableRootWorkloads">Workloads whose image cannot run with a read-only root filesystem (say why where they are declared).</param>
    public static void RestrictedSecurityEverywhere(PublishedTree tree, params string[] writableRootWorkloads)
    {
        var namespaces = tree.All<V1Namespace>().ToDictionary(n => n.Metadata.Name);
        foreach (var (kind, name, template) in tree.PodTemplates())
        {
            var where = $"{kind} {name}";
            var pod = template.Spec.SecurityContext;
            var podNamespace = NamespaceOf(tree, kind, name);
            var exception = HostPathsAreFluentBitsReadOnlyLogs(where, template, namespaces[podNamespace]);
            Assert.True(pod.SeccompProfile?.Type == "RuntimeDefault", $"{where}: pod seccomp");
            Assert.True(pod.FsGroup is not null && pod.RunAsGroup is not null, $"{where}: fixed group and fsGroup");
            Assert.True(pod.RunAsNonRoot == true && pod.RunAsUser > 0, $"{where}: pod runs as a fixed non-root user");

            foreach (var container in template.Spec.Containers.Concat(template.Spec.InitContainers ?? []))
            {
                var security = container.SecurityContext;
                Assert.True(security.AllowPrivilegeEscalation == false, $"{where}/{container.Name}: allowPrivilegeEscalation false");
                Assert.True(security.Privileged != true, $"{where}/{container.Name}: not privileged");
                Assert.Equal(["ALL"], security.Capabilities.Drop);
                Assert.True(security.Capabilities.Add is null or { Count: 0 }, $"{where}/{container.Name}: adds no capabilities");
                Assert.True(security.SeccompProfile?.Type == "RuntimeDefault", $"{where}/{container.Name}: seccomp");
                Assert.True(security.ReadOnlyRootFilesystem == true || writableRootWorkloads.Contains(name), $"{where}/{container.Name}: read-only root filesystem");
                Assert.True(security.RunAsNonRoot == true && security.RunAsUser > 0, $"{where}/{container.Name}: non-root");
            }

            Assert.True(template.Spec.HostNetwork != true && template.Spec.HostPID != true && template.Spec.HostIPC != true, $"{where}: no host namespaces");
            Assert.Equal(exception ? "privileged" : "restricted", namespaces[podNamespace].Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        }

        foreach (var ns in namespaces.Values)
        {
            Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/audit"]);
            var enforced = ns.Metadata.Labels["pod-security.kubernetes.io/enforce"];
            Assert.True(enforced == "restricted" || ns.Metadata.Annotations?.ContainsKey("nodestack.io/pod-security-exception") == true,
                $"namespace {ns.Metadata.Name}: a level below restricted must say why");
        }
    }

    /// <summary>
    /// Whether the pod uses the hostPath waiver, failing unless it is the one allowed use: the <c>fluent-bit</c> pod, in a
    /// namespace that says why it is below restricted, with hostPath volumes only at <c>/var/log</c> or below, each mounted
    /// read-only in every container that mounts it.
    /// </summary>
    private static bool HostPathsAreFluentBitsReadOnlyLogs(string where, V1PodTemplateSpec template, V1Namespace ns)
    {
        var hostPaths = (template.Spec.Volumes ?? []).Where(v => v.HostPath is not null).ToList();
        if (hostPaths.Count == 0)
        {
            return false;
        }

        Assert.True(template.Metadata.Labels?.TryGetValue("app.kubernetes.io/name", out var app) == true && app == "fluent-bit", $"{where}: only Fluent Bit may mount a hostPath");
        Assert.True(ns.Metadata.Annotations?.ContainsKey("nodestack.io/pod-security-exception") == true,
            $"{where}: namespace {ns.Metadata.Name} holds a hostPath pod without saying why");
        var mounts = template.Spec.Containers.Concat(template.Spec.InitContainers ?? []).SelectMany(c => (c.VolumeMounts ?? []).Select(m => (Container: c.Name, Mount: m))).ToList();
        foreach (var volume in hostPaths)
        {
            var path = volume.HostPath.Path.TrimEnd('/');
            Assert.True(path == "/var/log" || path.StartsWith("/var/log/", StringComparison.Ordinal), $"{where}: hostPath {volume.HostPath.Path} is outside /var/log");
            Assert.All(mounts.Where(m => m.Mount.Name == volume.Name), m =>
                Assert.True(m.Mount.ReadOnlyProperty == true, $"{where}/{m.Container}: hostPath {volume.HostPath.Path} mounted writable at {m.Mount.MountPath}"));
        }

        return true;
    }

    /// <summary>Every image a pod can run (containers, init containers and ephemeral containers) has a tag other than latest.</summary>
    public static void ImagesArePinned(PublishedTree tree)
    {
        foreach (var (kind, name, template) in tree.PodTemplates())
        {
            foreach (var (container, image, pullPolicy) in Images(template.Spec))
            {
                var where = $"{kind} {name}/{container}";
                var tag = image.Split('@')[0];
                var lastColon = tag.LastIndexOf(':');
                Assert.True(lastColon > tag.LastIndexOf('/'), $"{where}: image {image} has no tag");
                Assert.True(tag[(lastColon + 1)..] != "latest", $"{where}: image {image} is tagged latest");
                Assert.True(pullPolicy == "IfNotPresent", $"{where}: imagePullPolicy {pullPolicy}, not IfNotPresent");
            }
        }
    }

    private static IEnumerable<(string Container, string Image, string PullPolicy)> Images(V1PodSpec pod) =>
        pod.Containers.Select(c => (c.Name, c.Image, c.ImagePullPolicy))
            .Concat((pod.InitContainers ?? []).Select(c => (c.Name, c.Image, c.ImagePullPolicy)))
            .Concat((pod.EphemeralContainers ?? []).Select(c => (c.Name, c.Image, c.ImagePullPolicy)));

    public static void NoSecretValues(PublishedTree tree, IEnumerable<string> knownSecretValues)
    {
        Assert.All(tree.All<V1Secret>(), s => Assert.True(s.Data is null or { Count: 0 } && s.StringData is null or { Count: 0 }, $"Secret {s.Metadata.Name} holds data"));
        var text = string.Concat(tree.Files().Values);
        Assert.All(knownSecretValues, value => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
        foreach (var (kind, name, template) in tree.PodTemplates())
        {
            foreach (var env in template.Spec.Containers.SelectMany(c => c.Env ?? []))
            {
                Assert.False(env.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && env.Value is not null && !env.Value.Contains("$(", StringComparison.Ordinal),
                    $"{kind} {name}: {env.Name} looks like a literal password");
            }
        }
    }

    public static void EveryContainerHasResourcesAndProbes(PublishedTree tree)
    {
        foreach (var (kind, name, template) in tree.PodTemplates())
        {
            foreach (var container in template.Spec.Containers)
            {
                var where = $"{kind} {name}/{container.Name}";
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container.Resources?.Requests?.ContainsKey(resource) == true, $"{where}: {resource} request");
                    Assert.True(container.Resources?.Limits?.ContainsKey(resource) == true, $"{where}: {resource} limit");
                }

                Assert.True(container.ReadinessProbe is not null, $"{where}: readiness probe");
                Assert.True(container.LivenessProbe is not null, $"{where}: liveness probe");
                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.OfType<V1Probe>())
                {
                    var port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
                    Assert.True(probe.Exec is not null || port is not null, $"{where}: probe checks something");
                    Assert.True(port is null || NamesContainerPort(container, port.Value), $"{where}: probe port {port?.Value} is a container port");
                }
            }
        }
    }

    public static void ServicesSelectPodsAndRealPorts(PublishedTree tree)
    {
        foreach (var service in tree.All<V1Service>())
        {
            var pods = tree.PodTemplates()
                .Where(p => NamespaceOf(tree, p.Kind, p.Name) == service.Metadata.NamespaceProperty)
                .Where(p => service.Spec.Selector.All(s => p.Template.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
                .ToList();
            Assert.True(pods.Count == 1, $"Service {service.Metadata.Name} selects {pods.Count} pod templates");
            var containers = pods[0].Template.Spec.Containers;
            Assert.All(service.Spec.Ports, port => Assert.True(containers.Any(c => NamesContainerPort(c, port.TargetPort.Value)),
                $"Service {service.Metadata.Name} targetPort {port.TargetPort.Value} is no container port"));
        }
    }

    public static void EveryNamespaceDeniesIngressByDefault(PublishedTree tree)
    {
        var policies = tree.All<V1NetworkPolicy>().ToList();
        foreach (var ns in tree.All<V1Namespace>())
        {
            Assert.Contains(policies, p => p.Metadata.NamespaceProperty == ns.Metadata.Name
                && p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null
                && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 });
        }

        foreach (var policy in policies.Where(p => p.Spec.Ingress is { Count: > 0 }))
        {
            var pods = tree.PodTemplates().Where(p => NamespaceOf(tree, p.Kind, p.Name) == policy.Metadata.NamespaceProperty
                && policy.Spec.PodSelector.MatchLabels.All(s => p.Template.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
            var pod = Assert.Single(pods);
            Assert.All(policy.Spec.Ingress.SelectMany(r => r.Ports), port => Assert.True(
                pod.Template.Spec.Containers.Any(c => NamesContainerPort(c, port.Port.Value)), $"NetworkPolicy {policy.Metadata.Name} port {port.Port.Value}"));
        }
    }

    public static void StatefulSetsRetainTheirClaims(PublishedTree tree)
    {
        foreach (var statefulSet in tree.All<V1StatefulSet>())
        {
            var policy = statefulSet.Spec.PersistentVolumeClaimRetentionPolicy;
            Assert.True(policy is { WhenDeleted: "Retain", WhenScaled: "Retain" }, $"StatefulSet {statefulSet.Metadata.Name} retention policy");
            Assert.NotEmpty(statefulSet.Spec.VolumeClaimTemplates);
            Assert.All(statefulSet.Spec.VolumeClaimTemplates, c => Assert.False(string.IsNullOrEmpty(c.Spec.StorageClassName)));
            Assert.Contains(tree.All<V1Service>(), s => s.Metadata.Name == statefulSet.Spec.ServiceName && s.Spec.ClusterIP == "None");
        }
    }

    public static void StandardLabelsOnEveryObject(PublishedTree tree)
    {
        foreach (var (file, item) in tree.Objects)
        {
            var labels = item.Metadata.Labels ?? new Dictionary<string, string>();
            foreach (var label in new[] { "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by" })
            {
                Assert.True(labels.ContainsKey(label), $"{file}: {item.Kind} {item.Metadata.Name} lacks {label}");
            }

            if (item is not V1Namespace && item.Metadata.Name != "default-deny-ingress")
            {
                Assert.True(labels.ContainsKey("app.kubernetes.io/name") && labels.ContainsKey("app.kubernetes.io/component"),
                    $"{file}: {item.Kind} {item.Metadata.Name} lacks name/component labels");
            }
        }
    }

    /// <summary>
    /// No cluster-wide grant: every Role allows read verbs only on named resources, every RoleBinding binds a Role of its own
    /// namespace to a ServiceAccount of the tree, and only pods whose ServiceAccount is bound mount an API token.
    /// </summary>
    public static void ApiAccessIsNamespacedAndReadOnly(PublishedTree tree)
    {
        Assert.Empty(tree.All<V1ClusterRole>());
        Assert.Empty(tree.All<V1ClusterRoleBinding>());
        foreach (var role in tree.All<V1Role>())
        {
            Assert.All(role.Rules, rule =>
            {
                Assert.Empty(rule.Verbs.Except(["get", "list", "watch"]));
                Assert.DoesNotContain("*", rule.Resources.Concat(rule.ApiGroups));
            });
        }

        var accounts = tree.All<V1ServiceAccount>().Select(a => (a.Metadata.NamespaceProperty, a.Metadata.Name)).ToHashSet();
        var bound = new HashSet<(string, string)>();
        foreach (var binding in tree.All<V1RoleBinding>())
        {
            Assert.Equal("Role", binding.RoleRef.Kind);
            Assert.Contains(tree.All<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty);
            Assert.All(binding.Subjects, subject =>
            {
                Assert.Equal("ServiceAccount", subject.Kind);
                Assert.Contains((subject.NamespaceProperty, subject.Name), accounts);
                bound.Add((subject.NamespaceProperty, subject.Name));
            });
        }

        foreach (var (kind, name, template) in tree.PodTemplates())
        {
            var account = (NamespaceOf(tree, kind, name), template.Spec.ServiceAccountName);
            Assert.True(template.Spec.AutomountServiceAccountToken == bound.Contains(account),
                $"{kind} {name}: mounts an API token if and only if its ServiceAccount is bound to a Role");
        }
    }

    /// <summary>What a Role grants, readable: <c>pods: get</c> (core group) or <c>apps/deployments: list</c>, sorted.</summary>
    public static IEnumerable<string> Grants(V1Role role) => role.Rules
        .SelectMany(rule => rule.ApiGroups.SelectMany(group => rule.Resources.SelectMany(resource => rule.Verbs
            .Select(verb => $"{(group.Length == 0 ? "" : group + "/")}{resource}: {verb}"))))
        .Order(StringComparer.Ordinal);

    private static bool NamesContainerPort(V1Container container, string port) =>
        container.Ports?.Any(p => p.Name == port || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port) == true;

    private static string NamespaceOf(PublishedTree tree, string kind, string name) =>
        tree.Objects.First(o => o.Object.Kind == kind && o.Object.Metadata.Name == name).Object.Metadata.NamespaceProperty;
}
