using System.Net;
using System.Text.Json.Nodes;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>One scripted answer of a <see cref="JsonRpcSimulator"/>.</summary>
/// <param name="ResultNode">The result, for a success.</param>
/// <param name="ErrorNode">The error object, for a failure.</param>
/// <param name="Status">The HTTP status.</param>
public sealed record SimulatedReply(JsonNode? ResultNode, JsonObject? ErrorNode, HttpStatusCode Status)
{
    /// <summary>A success.</summary>
    public static SimulatedReply Result(JsonNode? result) => new(result, null, HttpStatusCode.OK);

    /// <summary>
    /// A JSON-RPC error. Bitcoin Core (JSON-RPC 1.0) sends errors with HTTP 500 (404 for unknown methods).
    /// </summary>
    public static SimulatedReply Error(int code, string message, HttpStatusCode status = HttpStatusCode.InternalServerError) =>
        new(null, new JsonObject { ["code"] = code, ["message"] = message }, status);
}
