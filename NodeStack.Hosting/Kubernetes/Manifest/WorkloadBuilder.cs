using Aspire.Hosting.ApplicationModel;
using k8s;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>The workload object of a resource (StatefulSet, Deployment or DaemonSet) and, when it reads the API, its RBAC.</summary>
internal static class WorkloadBuilder
{
    public static IKubernetesObject<V1ObjectMeta> Build(
        IResource resource, KubernetesNaming naming, V1PodTemplateSpec template, PodVolumes volumes)
    {
        var workload = KubernetesNaming.Workload(resource);
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

    /// <summary>A ServiceAccount, ClusterRole and ClusterRoleBinding granting get/list/watch on what the resource reads.</summary>
    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> ApiReadAccess(IResource resource, KubernetesNaming naming)
    {
        var reads = resource.Annotations.OfType<KubernetesApiReadAnnotation>().ToList();
        if (reads.Count == 0)
        {
            yield break;
        }

        var name = KubernetesNaming.ObjectName(resource);
        var @namespace = naming.Namespace(resource);
        // Cluster-scoped names must not collide between stacks that differ only by namespace prefix.
        var clusterName = @namespace + "-" + name;
        yield return new V1ServiceAccount
        {
            ApiVersion = V1ServiceAccount.KubeApiVersion,
            Kind = V1ServiceAccount.KubeKind,
            Metadata = Metadata(resource, naming, name),
        };
        yield return new V1ClusterRole
        {
            ApiVersion = ApiVersion(V1ClusterRole.KubeGroup, V1ClusterRole.KubeApiVersion),
            Kind = V1ClusterRole.KubeKind,
            Metadata = ClusterMetadata(resource, naming, clusterName),
            Rules = reads.GroupBy(r => r.ApiGroup).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new V1PolicyRule
                {
                    ApiGroups = [g.Key],
                    Resources = g.SelectMany(r => r.Resources).Distinct().Order(StringComparer.Ordinal).ToList(),
                    Verbs = ["get", "list", "watch"],
                })
                .ToList(),
        };
        yield return new V1ClusterRoleBinding
        {
            ApiVersion = ApiVersion(V1ClusterRoleBinding.KubeGroup, V1ClusterRoleBinding.KubeApiVersion),
            Kind = V1ClusterRoleBinding.KubeKind,
            Metadata = ClusterMetadata(resource, naming, clusterName),
            RoleRef = new V1RoleRef { ApiGroup = V1ClusterRole.KubeGroup, Kind = V1ClusterRole.KubeKind, Name = clusterName },
            Subjects = [new Rbacv1Subject { Kind = V1ServiceAccount.KubeKind, Name = name, NamespaceProperty = @namespace }],
        };
    }

    public static V1ObjectMeta Metadata(IResource resource, KubernetesNaming naming, string name) =>
        new() { Name = name, NamespaceProperty = naming.Namespace(resource), Labels = naming.Labels(resource) };

    public static string ApiVersion(string group, string version) => group.Length == 0 ? version : group + "/" + version;

    private static V1ObjectMeta ClusterMetadata(IResource resource, KubernetesNaming naming, string name) =>
        new() { Name = name, Labels = naming.Labels(resource) };

    private static V1PersistentVolumeClaim Claim(IResource resource, KubernetesNaming naming, string claim, KubernetesWorkloadAnnotation workload) => new()
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
