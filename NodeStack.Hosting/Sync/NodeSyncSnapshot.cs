using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>Turns a <see cref="NodeSyncState"/> into the dashboard snapshot of a <see cref="NodeSyncStateResource"/>.</summary>
public static class NodeSyncSnapshot
{
    private const string Prefix = "nodestack.sync.";

    /// <summary>Sets the state text and style and replaces the sync properties of <paramref name="snapshot"/>.</summary>
    public static CustomResourceSnapshot Apply(CustomResourceSnapshot snapshot, NodeSyncState state)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        var properties = snapshot.Properties.Where(p => !p.Name.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        Add(properties, "status", "Status", state.Status.ToString());
        Add(properties, "chain", "Chain", state.Chain);
        Add(properties, "height", "Height", state.Height);
        Add(properties, "target", "Headers / highest block", state.Target);
        Add(properties, "progress", "Progress %", state.ProgressPercent is { } p ? Math.Round(p, 2) : null);
        Add(properties, "peers", "Peers", state.Peers);
        foreach (var (name, value) in state.Extra ?? [])
        {
            Add(properties, name, name, value);
        }

        Add(properties, "detail", "Detail", state.Detail);
        return snapshot with
        {
            State = new ResourceStateSnapshot(state.StateText, state.StateStyle),
            Properties = [.. properties],
        };
    }

    private static void Add(List<ResourcePropertySnapshot> properties, string name, string displayName, object? value)
    {
        if (value is not null)
        {
            properties.Add(new ResourcePropertySnapshot(Prefix + name, value) { DisplayName = displayName });
        }
    }
}
