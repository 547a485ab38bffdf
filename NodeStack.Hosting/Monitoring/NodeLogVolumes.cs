using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>A node's log file and the node volume that holds it, as Fluent Bit mounts it.</summary>
/// <param name="ResourceName">The node resource.</param>
/// <param name="Format">The log format (<see cref="NodeLogFormats"/>).</param>
/// <param name="Volume">The node's volume or bind mount that contains the log file.</param>
/// <param name="MountTarget">Where Fluent Bit mounts that volume, read-only.</param>
/// <param name="LogPath">The log file's path inside Fluent Bit's container.</param>
internal sealed record NodeLogVolume(string ResourceName, string Format, ContainerMountAnnotation Volume, string MountTarget, string LogPath)
{
    /// <summary>What Fluent Bit's configuration tails for this node.</summary>
    public NodeLogSource Source => new(ResourceName, Format, LogPath);
}

/// <summary>Finds the node log files (<see cref="NodeLogFileAnnotation"/>) and the volumes Fluent Bit must mount to read them.</summary>
internal static class NodeLogVolumes
{
    /// <summary>Every resource with a node log file, ordered by name.</summary>
    /// <param name="resources">The application model's resources.</param>
    /// <exception cref="InvalidOperationException">A log file is not inside one of its node's volumes.</exception>
    public static IReadOnlyList<NodeLogVolume> Discover(IEnumerable<IResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return resources
            .Where(resource => resource.TryGetLastAnnotation<NodeLogFileAnnotation>(out _))
            .OrderBy(resource => resource.Name, StringComparer.Ordinal)
            .Select(Find)
            .ToList();
    }

    private static NodeLogVolume Find(IResource resource)
    {
        var log = resource.Annotations.OfType<NodeLogFileAnnotation>().Last();
        var volume = resource.Annotations.OfType<ContainerMountAnnotation>()
            .Where(mount => mount.Source is not null && IsUnder(log.ContainerPath, mount.Target))
            .MaxBy(mount => mount.Target.Length)
            ?? throw new InvalidOperationException(
                $"Resource '{resource.Name}' writes its log to '{log.ContainerPath}', which is not inside any of its volumes; " +
                "Fluent Bit can only read node logs from a volume or bind mount.");

        var mountTarget = $"{FluentBitResource.LogsDirectory}/{resource.Name}";
        var relative = log.ContainerPath[volume.Target.TrimEnd('/').Length..].TrimStart('/');
        return new NodeLogVolume(resource.Name, log.Format, volume, mountTarget, $"{mountTarget}/{relative}");
    }

    private static bool IsUnder(string path, string folder)
    {
        var prefix = folder.TrimEnd('/') + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length;
    }
}
