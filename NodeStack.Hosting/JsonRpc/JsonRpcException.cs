namespace NodeStack.Hosting.JsonRpc;

/// <summary>A node answered a JSON-RPC call with an error object.</summary>
internal sealed class JsonRpcException : Exception
{
    /// <summary>Creates the exception for <paramref name="method"/>'s error.</summary>
    public JsonRpcException(string method, int code, string rpcMessage)
        : base($"{method} failed: {rpcMessage} (code {code})")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public JsonRpcException() : this("", 0, "") { }

    /// <summary>Creates an exception with a message only.</summary>
    public JsonRpcException(string message) : base(message)
    {
        Method = "";
        RpcMessage = message;
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public JsonRpcException(string message, Exception innerException) : base(message, innerException)
    {
        Method = "";
        RpcMessage = message;
    }

    /// <summary>The method that failed.</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code, such as Bitcoin Core's -28 (warming up).</summary>
    public int Code { get; }

    /// <summary>The node's error message.</summary>
    public string RpcMessage { get; }
}
