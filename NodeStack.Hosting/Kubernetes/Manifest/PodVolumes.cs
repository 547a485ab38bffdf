using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;
using NodeStack.Hosting.Secrets;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// A pod's volumes and its container's mounts, from the resource's Aspire mounts, container files and secret files and its
/// pod shape: data paths and named volumes become retained claims (StatefulSets only), writable paths emptyDirs, container
/// files ConfigMaps, secret files Secret items and host paths read-only hostPath volumes. A mount with no safe equivalent
/// fails the publish.
/// </summary>
internal sealed partial record PodVolumes(
    IReadOnlyList<V1Volume> Volumes,
    IReadOnlyList<V1VolumeMount> Mounts,
    IReadOnlyList<string> ClaimNames)
{
    public static PodVolumes For(
        IResource resource, KubernetesPod pod, SecurityProfile security, IReadOnlyList<RenderedConfigFiles> configs)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var claims = Claims(resource, pod, security);
        foreach (var (claim, index) in claims.Select((c, i) => (c, i)))
        {
            mounts.Add(new V1VolumeMount { Name = ClaimName(index), MountPath = claim.Target, ReadOnlyProperty = claim.ReadOnly ? true : null });
        }

        foreach (var path in security.WritablePaths.Order(StringComparer.Ordinal))
        {
            var name = "scratch-" + PathName(path);
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource() });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = path });
        }

        foreach (var config in configs.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var name = "config-" + config.Name;
            volumes.Add(config.Volume(name));
            mounts.Add(new V1VolumeMount { Name = name, MountPath = config.MountPath, ReadOnlyProperty = true });
        }

        foreach (var file in resource.Annotations.OfType<ContainerSecretFileAnnotation>().OrderBy(f => f.ContainerPath, StringComparer.Ordinal))
        {
            var secretName = KubernetesValueRenderer.SecretName(file.Secret);
            var fileName = Path.GetFileName(file.ContainerPath);
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
            mounts.Add(new V1VolumeMount { Name = name, MountPath = file.ContainerPath, SubPath = fileName, ReadOnlyProperty = true });
        }

        foreach (var host in pod.HostPaths)
        {
            var name = "host-" + PathName(host.HostPath);
            volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = host.HostPath, Type = "Directory" } });
            mounts.Add(new V1VolumeMount { Name = name, MountPath = host.MountPath, ReadOnlyProperty = true });
        }

        return new PodVolumes(volumes, mounts, claims.Select((_, i) => ClaimName(i)).ToList());
    }

    /// <summary>
    /// The claims of a StatefulSet: its declared data paths and its named volumes, one per container path. Any other kind
    /// of workload must not keep data in a volume; local mounts replaced by emptyDirs are skipped.
    /// </summary>
    private static List<(string Target, bool ReadOnly)> Claims(IResource resource, KubernetesPod pod, SecurityProfile security)
    {
        var claims = pod.DataPaths.ToDictionary(p => p, _ => false, StringComparer.Ordinal);
        foreach (var mount in resource.Annotations.OfType<ContainerMountAnnotation>())
        {
            if (security.WritablePaths.Contains(mount.Target))
            {
                continue;
            }

            if (mount.Type == ContainerMountType.BindMount)
            {
                throw new InvalidOperationException(
                    $"Resource '{resource.Name}' bind-mounts '{mount.Source}' at '{mount.Target}', which has no Kubernetes equivalent: " +
                    "write its content with WithContainerFiles, which the publisher turns into a ConfigMap.");
            }

            claims.TryAdd(mount.Target, mount.IsReadOnly);
        }

        if (pod.Kind != KubernetesWorkloadKind.StatefulSet && claims.Count > 0)
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' keeps data in a volume at '{claims.Keys.First()}': publish it with pod.AsStatefulSet(storageSize) " +
                "so the data survives rescheduling, or add the path to the pod's WritablePaths if it may be lost.");
        }

        if (pod.Kind == KubernetesWorkloadKind.StatefulSet && claims.Count == 0)
        {
            throw new InvalidOperationException(
                $"Resource '{resource.Name}' is published as a StatefulSet but keeps no data: name its data directory in " +
                "pod.AsStatefulSet(storageSize, dataPaths) or give it a data volume.");
        }

        return claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)).ToList();
    }

    private static string ClaimName(int index) => index == 0 ? "data" : $"data-{index}";

    private static string PathName(string path)
    {
        var name = NonNameCharacters().Replace(path.ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 ? "root" : name[..Math.Min(name.Length, 40)].TrimEnd('-');
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonNameCharacters();
}
