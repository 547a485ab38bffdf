using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// A pod's volumes and its container's mounts, from the resource's Aspire mounts and Kubernetes annotations:
/// named volumes become retained claims (StatefulSets only), writable paths emptyDirs, config files ConfigMaps,
/// secret files Secret items and host paths read-only hostPath volumes. A mount with no safe equivalent fails the publish.
/// </summary>
internal sealed partial record PodVolumes(
    IReadOnlyList<V1Volume> Volumes,
    IReadOnlyList<V1VolumeMount> Mounts,
    IReadOnlyList<string> ClaimNames)
{
    public static PodVolumes For(IResource resource, KubernetesWorkloadAnnotation workload, KubernetesSecurityAnnotation security)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var claims = new List<string>();
        var configFiles = resource.Annotations.OfType<KubernetesConfigFilesAnnotation>().ToList();
        var excluded = resource.Annotations.OfType<KubernetesExcludedMountAnnotation>().Select(a => a.Target).ToHashSet(StringComparer.Ordinal);

        foreach (var mount in resource.Annotations.OfType<ContainerMountAnnotation>().OrderBy(m => m.Target, StringComparer.Ordinal))
        {
            if (excluded.Contains(mount.Target) || security.WritablePaths.Contains(mount.Target)
                || (mount.Type == ContainerMountType.BindMount && configFiles.Any(c => Covers(c.MountPath, mount.Target))))
            {
                continue;
            }

            if (mount.Type == ContainerMountType.BindMount)
            {
                throw new InvalidOperationException(
                    $"Resource '{resource.Name}' bind-mounts '{mount.Source}' at '{mount.Target}', which has no Kubernetes equivalent: " +
                    "publish its content with WithKubernetesConfigFiles or leave it out with ExcludeMountFromKubernetes.");
            }

            if (workload.Kind != KubernetesWorkloadKind.StatefulSet)
            {
                throw new InvalidOperationException(
                    $"Resource '{resource.Name}' keeps data in a volume at '{mount.Target}': publish it with PublishAsStatefulSet(storageSize) " +
                    "so the data survives rescheduling, or list the path in WithKubernetesSecurity's writablePaths if it may be lost.");
            }

            var claim = claims.Count == 0 ? "data" : $"data-{claims.Count}";
            claims.Add(claim);
            mounts.Add(new V1VolumeMount { Name = claim, MountPath = mount.Target, ReadOnlyProperty = mount.IsReadOnly ? true : null });
        }

        foreach (var path in security.WritablePaths.Order(StringComparer.Ordinal))
        {
            var name = "scratch-" + PathName(path);
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource() });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = path });
        }

        foreach (var config in configFiles.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var name = "config-" + config.Name;
            volumes.Add(new V1Volume { Name = name, ConfigMap = new V1ConfigMapVolumeSource { Name = ConfigMapName(resource, config) } });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = config.MountPath, ReadOnlyProperty = true });
        }

        foreach (var file in resource.Annotations.OfType<KubernetesSecretFileAnnotation>().OrderBy(f => f.FilePath, StringComparer.Ordinal))
        {
            var secretName = KubernetesValueRenderer.SecretName(file.Secret);
            var fileName = Path.GetFileName(file.FilePath);
            var name = "secret-" + secretName;
            volumes.Add(new V1Volume
            {
                Name = name,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = secretName,
                    Items = [new V1KeyToPath { Key = SecretKeyReference.ValueKey, Path = fileName }],
                    DefaultMode = 0x120, // 0440: readable by the fsGroup the container runs in, by nobody else
                },
            });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = file.FilePath, SubPath = fileName, ReadOnlyProperty = true });
        }

        foreach (var host in resource.Annotations.OfType<KubernetesHostPathAnnotation>())
        {
            var name = "host-" + PathName(host.HostPath);
            volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = host.HostPath, Type = "Directory" } });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = host.MountPath, ReadOnlyProperty = true });
        }

        return new PodVolumes(volumes, mounts, claims);
    }

    public static string ConfigMapName(IResource resource, KubernetesConfigFilesAnnotation config) =>
        KubernetesNaming.ObjectName(resource) + "-" + config.Name;

    private static bool Covers(string directory, string target) =>
        target == directory || target.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string PathName(string path)
    {
        var name = NonNameCharacters().Replace(path.ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 ? "root" : name[..Math.Min(name.Length, 40)].TrimEnd('-');
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonNameCharacters();
}
