namespace NodeStack.Exporter.Rpc;

/// <summary>Why a whole request to the node failed; each kind is one value of bitcoin_exporter_errors_total's type label.</summary>
public enum RpcFaultKind
{
    /// <summary>The collection deadline passed before the node answered.</summary>
    Timeout,

    /// <summary>No connection, or the connection dropped before the answer was complete.</summary>
    Connection,

    /// <summary>The node rejected the credentials (HTTP 401) or the method list (HTTP 403, rpcwhitelist).</summary>
    Unauthorized,

    /// <summary>Any other non-200 HTTP status, such as 500 or 503 (work queue full).</summary>
    HttpStatus,

    /// <summary>The body was not a JSON-RPC batch answer.</summary>
    InvalidResponse,

    /// <summary>The node answered error -28: it is still starting.</summary>
    Warmup,

    /// <summary>The cookie file could not be read.</summary>
    Credentials,
}

/// <summary>A failure of a whole request to the node (as opposed to one call's JSON-RPC error).</summary>
public sealed class RpcFaultException(RpcFaultKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public RpcFaultKind Kind { get; } = kind;
}
