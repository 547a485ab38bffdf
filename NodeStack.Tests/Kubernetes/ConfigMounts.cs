using k8s.Models;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>Lays a published ConfigMap out on disk the way its pod's volume mounts it, keys projected to their item paths.</summary>
internal static class ConfigMounts
{
    /// <summary>Writes the ConfigMap mounted at <paramref name="mountPath"/> into <paramref name="folder"/> and returns that directory.</summary>
    public static string WriteMounted(PublishedTree tree, V1PodTemplateSpec template, string mountPath, TemporaryFolder folder)
    {
        var data = Files(tree, template, mountPath);
        foreach (var (path, content) in data)
        {
            folder.Write(Path.Combine(mountPath.TrimStart('/'), path), content);
        }

        return Path.Combine(folder.Path, mountPath.TrimStart('/'));
    }

    /// <summary>The files a pod sees under <paramref name="mountPath"/>: relative path to content.</summary>
    public static SortedDictionary<string, string> Files(PublishedTree tree, V1PodTemplateSpec template, string mountPath)
    {
        var mount = Assert.Single(template.Spec.Containers[0].VolumeMounts, m => m.MountPath == mountPath);
        var volume = Assert.Single(template.Spec.Volumes, v => v.Name == mount.Name).ConfigMap;
        var configMap = Assert.Single(tree.All<V1ConfigMap>(), c => c.Metadata.Name == volume.Name);
        var paths = volume.Items?.ToDictionary(i => i.Key, i => i.Path) ?? configMap.Data.Keys.ToDictionary(k => k, k => k);
        return new SortedDictionary<string, string>(configMap.Data.ToDictionary(d => paths[d.Key], d => d.Value), StringComparer.Ordinal);
    }
}
