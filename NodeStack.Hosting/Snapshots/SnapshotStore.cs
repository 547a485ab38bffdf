using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Where snapshots live: <c>{root}/{node}/{id}.tar.gz</c> with <c>{id}.json</c> beside it. An archive is written
/// under a temporary name and its manifest last, so a snapshot that is listed is complete.
/// </summary>
/// <param name="root">The folder (setting <c>NodeStack:Snapshots:Path</c>, default <see cref="DefaultRoot"/>).</param>
internal sealed partial class SnapshotStore(string root)
{
    /// <summary>The setting that moves the store.</summary>
    public const string PathSetting = "NodeStack:Snapshots:Path";

    /// <summary>The archive's file extension.</summary>
    public const string ArchiveExtension = ".tar.gz";

    /// <summary>The default store: <c>~/.local/share/NodeStack/snapshots</c> on Linux (the user's local application data).</summary>
    public static string DefaultRoot { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "NodeStack", "snapshots");

    /// <summary>The store's folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>A new snapshot id for <paramref name="node"/>: the node, the UTC time, then the label made safe for file names.</summary>
    public static string NewId(string node, DateTimeOffset createdUtc, string? label)
    {
        var id = $"{node}-{createdUtc.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var safe = label is null ? "" : UnsafeLabelCharacters().Replace(label.Trim().ToLowerInvariant(), "-").Trim('-');
        return safe.Length > 0 ? $"{id}-{(safe.Length > 40 ? safe[..40] : safe)}" : id;
    }

    /// <summary>The archive path of snapshot <paramref name="id"/> of <paramref name="node"/>.</summary>
    public string ArchivePath(string node, string id) => Path.Combine(Root, node, id + ArchiveExtension);

    /// <summary>The manifest path of snapshot <paramref name="id"/> of <paramref name="node"/>.</summary>
    public string ManifestPath(string node, string id) => Path.Combine(Root, node, id + ".json");

    /// <summary>The snapshots of <paramref name="node"/>, newest first.</summary>
    public IReadOnlyList<SnapshotManifest> List(string node)
    {
        var folder = Path.Combine(Root, node);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.json")
            .Select(path => SnapshotManifest.FromJson(File.ReadAllText(path), path))
            .Where(m => m.Node == node)
            .OrderByDescending(m => m.CreatedUtc)
            .ThenByDescending(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>The manifest of snapshot <paramref name="id"/>; an unknown id fails naming the ones there are.</summary>
    public SnapshotManifest Load(string node, string id)
    {
        if (id.IndexOfAny(['/', '\\']) >= 0 || id.Contains("..", StringComparison.Ordinal))
        {
            throw new SnapshotException($"'{id}' is not a snapshot id.");
        }

        var path = ManifestPath(node, id);
        if (File.Exists(path))
        {
            return SnapshotManifest.FromJson(File.ReadAllText(path), path);
        }

        var known = List(node).Select(m => m.Id).ToList();
        throw new SnapshotException(known.Count == 0
            ? $"{node} has no snapshots in {Root}."
            : $"{node} has no snapshot '{id}' in {Root}; it has {string.Join(", ", known)}.");
    }

    /// <summary>A temporary archive path for a snapshot being written.</summary>
    public string PartialArchivePath(string node, string id)
    {
        Directory.CreateDirectory(Path.Combine(Root, node));
        return ArchivePath(node, id) + ".partial";
    }

    /// <summary>Moves a finished archive into place and writes its manifest, which makes the snapshot visible.</summary>
    public void Commit(SnapshotManifest manifest, string partialArchive)
    {
        File.Move(partialArchive, ArchivePath(manifest.Node, manifest.Id), overwrite: true);
        var manifestPath = ManifestPath(manifest.Node, manifest.Id);
        File.WriteAllText(manifestPath + ".partial", manifest.ToJson());
        File.Move(manifestPath + ".partial", manifestPath, overwrite: true);
    }

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex UnsafeLabelCharacters();
}
