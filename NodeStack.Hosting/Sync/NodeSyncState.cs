using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>Where a node stands, as the dashboard shows it.</summary>
internal enum NodeSyncStatus
{
    /// <summary>The node container is not running (yet): nothing to ask.</summary>
    WaitingForNode,

    /// <summary>The node does not answer RPC, or answers garbage.</summary>
    Unreachable,

    /// <summary>The node answers but is still starting up (Bitcoin Core's RPC error -28).</summary>
    WarmingUp,

    /// <summary>An execution client on a public chain that has not been given a head by its consensus client yet.</summary>
    WaitingForConsensusClient,

    /// <summary>The node is catching up with its network.</summary>
    Syncing,

    /// <summary>The node is at the tip of its chain.</summary>
    Synced,

    /// <summary>
    /// Reading the state failed for a reason that is not a node fault: a bug in NodeStack. The AppHost log has the
    /// exception; the state says so rather than blame the node.
    /// </summary>
    InternalError,
}

/// <summary>One reading of a node's sync state. Values a node did not report are <see langword="null"/>.</summary>
/// <param name="Status">The overall status.</param>
/// <param name="Chain">The chain the node follows, such as <c>regtest</c> or <c>sepolia</c>.</param>
/// <param name="Height">The node's best block (or head slot for a beacon node).</param>
/// <param name="Target">How far the node knows the chain goes: Bitcoin Core's headers, geth's highest block.</param>
/// <param name="ProgressPercent">Sync progress in percent, 0 to 100.</param>
/// <param name="Peers">Connected peers.</param>
/// <param name="Detail">A short explanation: the error, the warm-up message.</param>
/// <param name="Extra">Client-specific details (<c>initialblockdownload</c>, <c>eth_syncing</c> fields, ...), in display order.</param>
internal sealed record NodeSyncState(
    NodeSyncStatus Status,
    string? Chain = null,
    long? Height = null,
    long? Target = null,
    double? ProgressPercent = null,
    int? Peers = null,
    string? Detail = null,
    IReadOnlyList<KeyValuePair<string, string>>? Extra = null)
{
    /// <summary>
    /// True when the node is synced or syncing but something it depends on is wrong (a beacon node whose execution
    /// client is offline, or whose head is only optimistic): the dashboard shows the state as a warning and
    /// <see cref="Detail"/> says why.
    /// </summary>
    public bool IsDegraded { get; init; }

    /// <summary>A node that cannot be reached, with the reason.</summary>
    public static NodeSyncState Unreachable(string reason) => new(NodeSyncStatus.Unreachable, Detail: reason);

    /// <summary>Reading the state threw <paramref name="bug"/>, which is not a node fault.</summary>
    public static NodeSyncState InternalError(Exception bug)
    {
        ArgumentNullException.ThrowIfNull(bug);
        return new(NodeSyncStatus.InternalError,
            Detail: $"{bug.GetType().Name}: {bug.Message} (a bug in NodeStack, not a node fault; the AppHost log has the details)");
    }

    /// <summary>The state text the dashboard shows, such as <c>Synced</c> or <c>Syncing 42.1%</c>.</summary>
    public string StateText => Status switch
    {
        NodeSyncStatus.WaitingForNode => "Waiting for node",
        NodeSyncStatus.Unreachable => "Unreachable",
        NodeSyncStatus.WarmingUp => "Warming up",
        NodeSyncStatus.WaitingForConsensusClient => "Waiting for consensus client",
        NodeSyncStatus.InternalError => "NodeStack error",
        NodeSyncStatus.Syncing when ProgressPercent is { } progress =>
            string.Create(CultureInfo.InvariantCulture, $"Syncing {Math.Floor(progress * 10) / 10:0.0}%"),
        NodeSyncStatus.Syncing => "Syncing",
        _ => "Synced",
    };

    /// <summary>The dashboard style of <see cref="StateText"/> (one of <see cref="KnownResourceStateStyles"/>).</summary>
    public string StateStyle => Status switch
    {
        NodeSyncStatus.Synced or NodeSyncStatus.Syncing when IsDegraded => KnownResourceStateStyles.Warn,
        NodeSyncStatus.Synced => KnownResourceStateStyles.Success,
        NodeSyncStatus.Unreachable or NodeSyncStatus.InternalError => KnownResourceStateStyles.Error,
        NodeSyncStatus.WarmingUp or NodeSyncStatus.WaitingForConsensusClient => KnownResourceStateStyles.Warn,
        _ => KnownResourceStateStyles.Info,
    };

    /// <summary>A one-line summary for logs and the "Check sync" command.</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string> { StateText };
            AddIfKnown(parts, "chain", Chain);
            AddIfKnown(parts, "height", Height?.ToString(CultureInfo.InvariantCulture));
            AddIfKnown(parts, "target", Target?.ToString(CultureInfo.InvariantCulture));
            AddIfKnown(parts, "peers", Peers?.ToString(CultureInfo.InvariantCulture));
            foreach (var (name, value) in Extra ?? [])
            {
                AddIfKnown(parts, name, value);
            }

            AddIfKnown(parts, "detail", Detail);
            return string.Join(", ", parts);
        }
    }

    private static void AddIfKnown(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name} {value}");
        }
    }
}
