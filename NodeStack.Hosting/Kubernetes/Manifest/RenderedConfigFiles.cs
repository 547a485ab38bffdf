using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// The files a resource's <c>WithContainerFiles</c> callbacks write at one container path, run for the publish with the
/// cluster's addresses, as a ConfigMap <c>&lt;resource&gt;-&lt;name&gt;</c> and the volume that mounts it read-only there.
/// A ConfigMap key cannot hold '/', so a file in a sub-folder (<c>rules/bitcoin.yml</c>) is stored under its path with '/'
/// as '_' and projected back to its path by the volume's items.
/// </summary>
internal sealed record RenderedConfigFiles(IResource Resource, string Name, string MountPath, IReadOnlyDictionary<string, string> Files)
{
    public string ConfigMapName => KubernetesNaming.ObjectName(Resource) + "-" + Name;

    /// <summary>Runs the resource's container file callbacks with <paramref name="services"/>, one ConfigMap per destination path.</summary>
    public static async Task<List<RenderedConfigFiles>> RenderAsync(
        IResource resource, KubernetesPod pod, IServiceProvider services, CancellationToken cancellationToken)
    {
        var byPath = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var callback in resource.Annotations.OfType<ContainerFileSystemCallbackAnnotation>())
        {
            var context = new ContainerFileSystemCallbackContext { Services = services, Model = resource };
            var items = await callback.Callback(context, cancellationToken).ConfigureAwait(false);
            var files = byPath.TryGetValue(callback.DestinationPath, out var existing)
                ? existing
                : byPath[callback.DestinationPath] = new SortedDictionary<string, string>(StringComparer.Ordinal);
            Flatten(resource, callback.DestinationPath, "", items, files);
        }

        return byPath
            .Select(p => new RenderedConfigFiles(resource, NameOf(pod, p.Key, byPath.Count), p.Key, p.Value))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public V1ConfigMap ConfigMap(V1ObjectMeta metadata) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = metadata,
        Data = new SortedDictionary<string, string>(Files.ToDictionary(f => Key(f.Key), f => f.Value), StringComparer.Ordinal),
    };

    public V1Volume Volume(string volumeName) => new()
    {
        Name = volumeName,
        ConfigMap = new V1ConfigMapVolumeSource
        {
            Name = ConfigMapName,
            Items = Files.Keys.Any(p => p.Contains('/', StringComparison.Ordinal))
                ? Files.Keys.Select(p => new V1KeyToPath { Key = Key(p), Path = p }).ToList()
                : null,
        },
    };

    /// <summary>The ConfigMap's name suffix: as the pod names it, else <c>config</c> for a resource's only path, else the path's last segment.</summary>
    private static string NameOf(KubernetesPod pod, string path, int paths) =>
        pod.ConfigMapNames.TryGetValue(path, out var name) ? name
        : paths == 1 ? "config"
        : path.TrimEnd('/').Split('/')[^1];

    private static void Flatten(IResource resource, string root, string prefix, IEnumerable<ContainerFileSystemItem> items, SortedDictionary<string, string> files)
    {
        foreach (var item in items)
        {
            var path = prefix + item.Name;
            switch (item)
            {
                case ContainerDirectory directory:
                    Flatten(resource, root, path + "/", directory.Entries, files);
                    break;
                case ContainerFile file when IsRelativePath(path) && !files.ContainsKey(path):
                    files[path] = file.Contents ?? File.ReadAllText(file.SourcePath
                        ?? throw new InvalidOperationException($"Resource '{resource.Name}' container file {root}/{path} has neither contents nor a source path."));
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Resource '{resource.Name}' container files at '{root}': '{path}' cannot be published as a ConfigMap key: use distinct " +
                        "relative paths of letters, digits, '-', '_' and '.', with '/' between folders, holding plain files.");
            }
        }
    }

    private static string Key(string relativePath) => relativePath.Replace('/', '_');

    private static bool IsRelativePath(string path) =>
        path.Length > 0 && path.Split('/').All(part => part.Length > 0 && part != "." && part != ".."
            && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
}
