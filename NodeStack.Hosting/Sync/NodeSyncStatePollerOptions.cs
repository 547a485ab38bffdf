namespace NodeStack.Hosting.Sync;

/// <summary>Settings of <see cref="NodeSyncStatePoller"/>.</summary>
internal sealed class NodeSyncStatePollerOptions
{
    /// <summary>How often each node is asked. Defaults to 5 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}
