using System.Text.Json;

namespace NodeStack.Exporter.Rpc;

/// <summary>A JSON-RPC error object (Bitcoin Core's RPCErrorCode values).</summary>
public sealed record RpcError(int Code, string Message)
{
    /// <summary>RPC_IN_WARMUP: the node is still loading its block index or mempool.</summary>
    public const int InWarmup = -28;

    /// <summary>RPC_METHOD_NOT_FOUND: the node does not implement the method.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>Stands in for a call the response did not answer.</summary>
    public static RpcError NoAnswer { get; } = new(int.MinValue, "the response has no entry for this call");
}

/// <summary>The answer to one call of a batch: a result, or an error.</summary>
public readonly record struct RpcCallResult(JsonElement Result, RpcError? Error);

/// <summary>The parsed answer to a batch; results are valid until it is disposed.</summary>
public sealed class RpcBatchResponse(JsonDocument document, RpcCallResult[] results) : IDisposable
{
    public IReadOnlyList<RpcCallResult> Results => results;

    public void Dispose() => document.Dispose();

    /// <summary>Maps a batch response array back to the calls by id, tolerating any order (JSON-RPC allows it).</summary>
    public static RpcBatchResponse Parse(JsonDocument document, int callCount)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new RpcFaultException(RpcFaultKind.InvalidResponse, "the node did not answer the batch with a JSON array");
        }

        var results = Enumerable.Repeat(new RpcCallResult(default, RpcError.NoAnswer), callCount).ToArray();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("id"u8, out var id) && id.TryGetInt32(out var index) && index >= 0 && index < callCount)
            {
                results[index] = ReadEntry(entry);
            }
        }

        return new RpcBatchResponse(document, results);
    }

    private static RpcCallResult ReadEntry(JsonElement entry)
    {
        if (entry.TryGetProperty("error"u8, out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code"u8, out var codeElement) && codeElement.TryGetInt32(out var number) ? number : 0;
            var message = error.TryGetProperty("message"u8, out var messageElement) ? messageElement.ToString() : "";
            return new RpcCallResult(default, new RpcError(code, message));
        }

        return entry.TryGetProperty("result"u8, out var result)
            ? new RpcCallResult(result, null)
            : new RpcCallResult(default, RpcError.NoAnswer);
    }
}
