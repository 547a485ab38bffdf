using System.Globalization;

namespace NodeStack.Hosting.Snapshots;

/// <summary>Decides whether a snapshot may be restored into a node, before anything is touched.</summary>
internal static class RestoreCompatibility
{
    /// <summary>
    /// Refuses a snapshot of another client, chain or network, naming both; returns a warning when the snapshot was made
    /// by a newer client version than the node runs (its database may not open), else null.
    /// </summary>
    public static string? Check(SnapshotNode node, SnapshotManifest snapshot)
    {
        if (!string.Equals(snapshot.Image, node.Image, StringComparison.Ordinal))
        {
            throw new SnapshotException($"Snapshot {snapshot.Id} holds {snapshot.Image} data; {node.Name} runs {node.Image}. Nothing was restored.");
        }

        if (!string.Equals(snapshot.Chain, node.Chain, StringComparison.Ordinal) || !string.Equals(snapshot.Network, node.Network, StringComparison.Ordinal))
        {
            throw new SnapshotException(
                $"Snapshot {snapshot.Id} is of {snapshot.Chain} {snapshot.Network}; {node.Name} follows {node.Chain} {node.Network}. Nothing was restored.");
        }

        return IsNewer(snapshot.Tag, node.Tag)
            ? $"Snapshot {snapshot.Id} was made by {snapshot.Image}:{snapshot.Tag}, newer than {node.Name}'s {node.Image}:{node.Tag}: the older client may not open its database."
            : null;
    }

    /// <summary>Whether tag <paramref name="made"/> names a later version than <paramref name="current"/> (<c>v1.17.5</c>, <c>31.1</c>).</summary>
    public static bool IsNewer(string made, string current) =>
        ParseVersion(made) is { } m && ParseVersion(current) is { } c && m > c;

    private static Version? ParseVersion(string tag)
    {
        var text = tag.TrimStart('v', 'V').Split('-', '+')[0];
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            text += ".0";
        }

        return Version.TryParse(text, out var version) ? version : null;
    }

    /// <summary>The invariant text of <paramref name="value"/>.</summary>
    public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
