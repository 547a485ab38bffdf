using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// A dashboard-only resource, shown under its node, whose state is the node's sync state ("Synced",
/// "Syncing 42.1%", "Unreachable") and whose properties are the node's height, target, peers and chain.
/// </summary>
/// <remarks>
/// The node's own state stays the container's (Running, Exited, ...) because health checks and <c>WaitFor</c>
/// depend on it; the sync state therefore lives on this separate resource. It is added in run mode only, so
/// publishers never see it.
/// </remarks>
/// <param name="name">The resource name, <c>{node}-sync</c>.</param>
/// <param name="node">The node whose sync state this resource shows.</param>
public sealed class NodeSyncStateResource(string name, IResourceWithEndpoints node) : Resource(name)
{
    /// <summary>The resource type shown in the dashboard.</summary>
    public const string ResourceType = "NodeSync";

    /// <summary>The node whose sync state this resource shows.</summary>
    public IResourceWithEndpoints Node { get; } = node;
}
