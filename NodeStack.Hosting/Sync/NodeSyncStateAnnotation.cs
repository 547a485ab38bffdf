using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// Marks a node resource whose sync state <see cref="NodeSyncStatePoller"/> polls and publishes on
/// <paramref name="StateResource"/>.
/// </summary>
/// <param name="StateResource">The resource that shows the state.</param>
/// <param name="CreateReader">
/// Creates a reader for the node's RPC as seen from the AppHost, or returns <see langword="null"/> while the
/// node's endpoint is not allocated yet.
/// </param>
internal sealed record NodeSyncStateAnnotation(
    NodeSyncStateResource StateResource,
    Func<IServiceProvider, CancellationToken, ValueTask<INodeSyncStateReader?>> CreateReader) : IResourceAnnotation;
