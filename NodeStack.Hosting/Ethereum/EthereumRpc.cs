using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.JsonRpc;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>Connects the AppHost to an Ethereum node's HTTP JSON-RPC.</summary>
internal static class EthereumRpc
{
    /// <summary>Ethereum clients speak JSON-RPC 2.0.</summary>
    public const string ProtocolVersion = "2.0";

    /// <summary>A client for <paramref name="endpoint"/> as the AppHost sees it, or null while it is not allocated.</summary>
    public static JsonRpcClient? CreateClient(EndpointReference endpoint, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(services);
        if (!endpoint.IsAllocated)
        {
            return null;
        }

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(NodeRpcHttpClient.Name);
        return new JsonRpcClient(http, new Uri(endpoint.Url), ProtocolVersion);
    }
}
