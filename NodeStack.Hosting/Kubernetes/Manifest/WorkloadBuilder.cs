using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>The workload object of a resource (StatefulSet, Deployment or DaemonSet) and, when it reads the API, its namespaced RBAC.</summary>
internal static class WorkloadBuilder
{
    public static IKubernetesObject<V1ObjectMeta> Build(
        IResource resource, KubernetesNaming naming, V1PodTemplateSpec template, PodVolumes volumes)
    {
        var workload = KubernetesNaming.Pod(resource);
        var metadata = Metadata(resource, naming, KubernetesNaming.ObjectName(resource));
        var selector = new V1LabelSelector { MatchLabels = naming.SelectorLabels(resource) };
        return workload.Kind switch
        {
            KubernetesWorkloadKind.StatefulSet => new V1StatefulSet
            {
                ApiVersion = ApiVersion(V1StatefulSet.KubeGroup, V1StatefulSet.KubeApiVersion),
                Kind = V1StatefulSet.KubeKind,
                Metadata = metadata,
                Spec = new V1StatefulSetSpec
                {
                    Replicas = 1,
                    ServiceName = ServiceBuilder.HeadlessName(resource),
                    Selector = selector,
                    Template = template,
                    // Chain data takes hours to days to sync: deleting or scaling the StatefulSet never deletes it.
                    PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Retain", WhenScaled = "Retain" },
                    VolumeClaimTemplates = volumes.ClaimNames.Select(claim => Claim(resource, naming, claim, workload)).ToList(),
                },
            },
            KubernetesWorkloadKind.DaemonSet => new V1DaemonSet
            {
                ApiVersion = ApiVersion(V1DaemonSet.KubeGroup, V1DaemonSet.KubeApiVersion),
                Kind = V1DaemonSet.KubeKind,
                Metadata = metadata,
                Spec = new V1DaemonSetSpec { Selector = selector, Template = template },
            },
            _ => new V1Deployment
            {
                ApiVersion = ApiVersion(V1Deployment.KubeGroup, V1Deployment.KubeApiVersion),
                Kind = V1Deployment.KubeKind,
                Metadata = metadata,
                Spec = new V1DeploymentSpec { Replicas = 1, Selector = selector, Template = template },
            },
        };
    }

    /// <summary>
    /// A ServiceAccount and, in its own namespace and each namespace it reads from, a Role granting only the declared read
    /// verbs and a RoleBinding to the ServiceAccount. Nothing cluster-wide: a stack's reader sees only its stack's namespaces.
    /// </summary>
    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> ApiReadAccess(IResource resource, IReadOnlyList<IResource> published, KubernetesNaming naming)
    {
        var reads = KubernetesNaming.Pod(resource).ApiReads;
        if (reads.Count == 0)
        {
            yield break;
        }

        var name = KubernetesNaming.ObjectName(resource);
        var ownNamespace = naming.Namespace(resource);
        yield return new V1ServiceAccount
        {
            ApiVersion = V1ServiceAccount.KubeApiVersion,
            Kind = V1ServiceAccount.KubeKind,
            Metadata = Metadata(resource, naming, name),
        };

        var byNamespace = reads
            .SelectMany(read => read.ReadFrom.Where(r => published.Contains(r)).Select(naming.Namespace).Append(ownNamespace)
                .Select(@namespace => (Namespace: @namespace, Read: read)))
            .GroupBy(n => n.Namespace, n => n.Read)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var roleName = name + "-api-read";
        foreach (var group in byNamespace)
        {
            yield return new V1Role
            {
                ApiVersion = ApiVersion(V1Role.KubeGroup, V1Role.KubeApiVersion),
                Kind = V1Role.KubeKind,
                Metadata = Metadata(resource, naming, roleName, group.Key),
                Rules = group.Distinct().GroupBy(r => r.ApiGroup).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new V1PolicyRule
                    {
                        ApiGroups = [g.Key],
                        Resources = g.SelectMany(r => r.Resources).Distinct().Order(StringComparer.Ordinal).ToList(),
                        Verbs = g.SelectMany(r => r.Verbs).Distinct().Order(StringComparer.Ordinal).ToList(),
                    })
                    .ToList(),
            };
            yield return new V1RoleBinding
            {
                ApiVersion = ApiVersion(V1RoleBinding.KubeGroup, V1RoleBinding.KubeApiVersion),
                Kind = V1RoleBinding.KubeKind,
                Metadata = Metadata(resource, naming, roleName, group.Key),
                RoleRef = new V1RoleRef { ApiGroup = V1Role.KubeGroup, Kind = V1Role.KubeKind, Name = roleName },
                Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = name, NamespaceProperty = ownNamespace }],
            };
        }
    }

    public static V1ObjectMeta Metadata(IResource resource, KubernetesNaming naming, string name, string? @namespace = null) =>
        new() { Name = name, NamespaceProperty = @namespace ?? naming.Namespace(resource), Labels = naming.Labels(resource) };

    public static string ApiVersion(string group, string version) => group.Length == 0 ? version : group + "/" + version;

    private static V1PersistentVolumeClaim Claim(IResource resource, KubernetesNaming naming, string claim, KubernetesPod workload) => new()
    {
        Metadata = new V1ObjectMeta { Name = claim, Labels = naming.Labels(resource) },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = naming.Settings.StorageClass,
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(workload.StorageSize) },
            },
        },
    };
}
