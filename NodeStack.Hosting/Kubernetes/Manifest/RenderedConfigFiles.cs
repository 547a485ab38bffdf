using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// A resource's configuration files rendered with the cluster's addresses, as a ConfigMap and the volume that mounts it.
/// A ConfigMap key cannot hold '/', so a file in a sub-folder (<c>rules/bitcoin.yml</c>) is stored under its path with
/// '/' as '_' and projected back to its path by the volume's items.
/// </summary>
internal sealed record RenderedConfigFiles(IResource Resource, KubernetesConfigFilesAnnotation Source, IReadOnlyDictionary<string, string> Files)
{
    public string ConfigMapName => KubernetesNaming.ObjectName(Resource) + "-" + Source.Name;

    public static async Task<List<RenderedConfigFiles>> RenderAsync(
        IResource resource, KubernetesServiceAddresses addresses, CancellationToken cancellationToken)
    {
        var rendered = new List<RenderedConfigFiles>();
        foreach (var source in resource.Annotations.OfType<KubernetesConfigFilesAnnotation>().OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var files = await source.Files(addresses, cancellationToken).ConfigureAwait(false);
            var keys = files.Keys.GroupBy(Key).FirstOrDefault(g => g.Count() > 1 || !IsRelativePath(g.First()));
            if (keys is not null)
            {
                throw new InvalidOperationException(
                    $"Resource '{resource.Name}' config files '{source.Name}': '{string.Join("', '", keys)}' must be distinct relative paths " +
                    "of letters, digits, '-', '_' and '.', with '/' between folders.");
            }

            rendered.Add(new RenderedConfigFiles(resource, source, new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal)));
        }

        return rendered;
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

    private static string Key(string relativePath) => relativePath.Replace('/', '_');

    private static bool IsRelativePath(string path) =>
        path.Length > 0 && path.Split('/').All(part => part.Length > 0 && part != "." && part != ".."
            && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
}
