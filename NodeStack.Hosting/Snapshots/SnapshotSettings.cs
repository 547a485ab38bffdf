using Microsoft.Extensions.Configuration;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Snapshot settings: where the store is (<c>NodeStack:Snapshots:Path</c>) and, for the pipeline steps, which node,
/// snapshot and label (<c>NodeStack:Snapshot:Node</c>, <c>:Id</c>, <c>:Label</c>).
/// </summary>
/// <param name="StorePath">The store folder.</param>
/// <param name="Node">The node the steps act on, if set.</param>
/// <param name="Id">The snapshot <c>node-restore</c> restores, if set.</param>
/// <param name="Label">The label <c>node-snapshot</c> gives, if set.</param>
internal sealed record SnapshotSettings(string StorePath, string? Node, string? Id, string? Label)
{
    /// <summary>The node setting.</summary>
    public const string NodeSetting = "NodeStack:Snapshot:Node";

    /// <summary>The snapshot id setting.</summary>
    public const string IdSetting = "NodeStack:Snapshot:Id";

    /// <summary>The label setting.</summary>
    public const string LabelSetting = "NodeStack:Snapshot:Label";

    /// <summary>Every key these settings read, so the settings loader knows them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [SnapshotStore.PathSetting, NodeSetting, IdSetting, LabelSetting];

    /// <summary>Reads the settings; the store defaults to <see cref="SnapshotStore.DefaultRoot"/>.</summary>
    public static SnapshotSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new SnapshotSettings(
            NonEmpty(configuration[SnapshotStore.PathSetting]) ?? SnapshotStore.DefaultRoot,
            NonEmpty(configuration[NodeSetting]),
            NonEmpty(configuration[IdSetting]),
            NonEmpty(configuration[LabelSetting]));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
