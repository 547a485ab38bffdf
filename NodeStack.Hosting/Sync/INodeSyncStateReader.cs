namespace NodeStack.Hosting.Sync;

/// <summary>Reads a node's sync state over its RPC. Never throws for node faults: it reports them as a state.</summary>
internal interface INodeSyncStateReader
{
    /// <summary>Asks the node once.</summary>
    Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken);
}
