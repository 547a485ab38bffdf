using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// Turns a <see cref="NodeSyncState"/> into dashboard snapshots: the full state of a <see cref="NodeSyncStateResource"/>,
/// and the main figures as properties of the node itself.
/// </summary>
internal static class NodeSyncSnapshot
{
    private const string Prefix = "nodestack.sync.";

    /// <summary>Sets the state text and style and replaces the sync properties of the <c>{node}-sync</c> resource's <paramref name="snapshot"/>.</summary>
    public static CustomResourceSnapshot Apply(CustomResourceSnapshot snapshot, NodeSyncState state)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        var properties = WithoutSyncProperties(snapshot);
        // The sync resource exists to show these: highlighted, the dashboard lists them in its default view instead of
        // only under "Show all properties". Detail (why a node is unreachable, or what it is doing) comes first.
        const bool Highlighted = true;
        Add(properties, "detail", "Detail", state.Detail, Highlighted);
        Add(properties, "status", "Status", state.Status.ToString(), Highlighted);
        Add(properties, "chain", "Chain", state.Chain, Highlighted);
        Add(properties, "height", "Height", state.Height, Highlighted);
        Add(properties, "target", "Headers / highest block", state.Target, Highlighted);
        Add(properties, "progress", "Progress %", Progress(state), Highlighted);
        Add(properties, "peers", "Peers", state.Peers, Highlighted);
        foreach (var (name, value) in state.Extra ?? [])
        {
            Add(properties, name, name, value, Highlighted);
        }

        return snapshot with
        {
            State = new ResourceStateSnapshot(state.StateText, state.StateStyle),
            Properties = [.. properties],
        };
    }

    /// <summary>
    /// Replaces the sync figures (sync state, height, progress, peers) among the properties of the node's own
    /// <paramref name="snapshot"/>, or removes them when <paramref name="state"/> is null (the node is not running).
    /// Leaves the node's state and health alone: they are the container's, and <c>WaitFor</c> depends on them.
    /// </summary>
    public static CustomResourceSnapshot ApplyToNode(CustomResourceSnapshot snapshot, NodeSyncState? state)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var properties = WithoutSyncProperties(snapshot);
        if (state is not null)
        {
            Add(properties, "state", "Sync", state.StateText);
            Add(properties, "height", "Height", state.Height);
            Add(properties, "progress", "Sync progress %", Progress(state));
            Add(properties, "peers", "Peers", state.Peers);
        }

        return snapshot with { Properties = [.. properties] };
    }

    private static double? Progress(NodeSyncState state) => state.ProgressPercent is { } p ? Math.Round(p, 2) : null;

    private static List<ResourcePropertySnapshot> WithoutSyncProperties(CustomResourceSnapshot snapshot) =>
        [.. snapshot.Properties.Where(p => !p.Name.StartsWith(Prefix, StringComparison.Ordinal))];

    private static void Add(List<ResourcePropertySnapshot> properties, string name, string displayName, object? value, bool highlighted = false)
    {
        if (value is not null)
        {
            properties.Add(new ResourcePropertySnapshot(Prefix + name, value) { DisplayName = displayName, IsHighlighted = highlighted });
        }
    }
}
