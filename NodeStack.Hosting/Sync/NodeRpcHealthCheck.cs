using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Hosting.Sync;

/// <summary>Healthy when the node answers a JSON-RPC call; an error answer (such as warming up) is unhealthy.</summary>
/// <param name="nodeName">The node's resource name, for messages.</param>
/// <param name="method">A cheap read-only method the node always serves.</param>
/// <param name="connect">Creates the RPC client, or returns null while the node's endpoint is not allocated.</param>
internal sealed class NodeRpcHealthCheck(string nodeName, string method, Func<CancellationToken, ValueTask<JsonRpcClient?>> connect) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rpc = await connect(cancellationToken).ConfigureAwait(false);
        if (rpc is null)
        {
            return HealthCheckResult.Unhealthy($"{nodeName} has no RPC endpoint yet.");
        }

        try
        {
            await rpc.CallAsync(method, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, cancellationToken))
        {
            return HealthCheckResult.Unhealthy($"{nodeName} RPC: {e.Message}", e);
        }
    }
}
