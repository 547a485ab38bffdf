namespace NodeStack.Hosting.Sync;

/// <summary>The named HttpClient the AppHost uses to talk to node RPC (sync state, health checks, commands).</summary>
internal static class NodeRpcHttpClient
{
    /// <summary>The IHttpClientFactory name.</summary>
    public const string Name = "NodeStack.NodeRpc";

    /// <summary>Bounds every RPC call, so a hung node never blocks a poll, a health check or a command for long.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
}
