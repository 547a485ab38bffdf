using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>Connects the AppHost to a Bitcoin Core resource's RPC (for health checks, sync state and commands).</summary>
internal static class BitcoinCoreRpc
{
    /// <summary>Bitcoin Core speaks JSON-RPC 1.0.</summary>
    public const string ProtocolVersion = "1.0";

    /// <summary>A client for the node's RPC as the AppHost sees it, or null while the endpoint is not allocated.</summary>
    public static async ValueTask<JsonRpcClient?> CreateClientAsync(BitcoinCoreResource bitcoin, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bitcoin);
        ArgumentNullException.ThrowIfNull(services);
        if (!bitcoin.RpcEndpoint.IsAllocated)
        {
            return null;
        }

        var user = await bitcoin.RpcUser.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var password = await bitcoin.RpcPassword.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(NodeRpcHttpClient.Name);
        return new JsonRpcClient(http, new Uri(bitcoin.RpcEndpoint.Url), ProtocolVersion, new NetworkCredential(user, password));
    }
}
