using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>
/// A SIMULATOR of a node's JSON-RPC endpoint: an in-process Kestrel server on a free loopback port that answers
/// each method from a script. Used only where no real peer can show the state under test (a node mid-sync, warming
/// up); the scripted results follow the nodes' documented formats (see <see cref="GethResults"/>; Bitcoin Core's
/// recorded results are served by <see cref="BitcoinCoreSimulator"/>).
/// </summary>
public sealed class JsonRpcSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, Func<JsonNode?, SimulatedReply>> _methods = new(StringComparer.Ordinal);

    private JsonRpcSimulator(WebApplication app) => _app = app;

    /// <summary>The simulator's URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every method called, in order.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Starts a simulator that answers no method until scripted with <see cref="On(string, JsonNode?)"/>.</summary>
    public static async Task<JsonRpcSimulator> StartAsync(CancellationToken cancellationToken)
    {
        JsonRpcSimulator? simulator = null;
        var (app, url) = await LoopbackServer.StartAsync(app => app.MapPost("/", context => simulator!.HandleAsync(context)), cancellationToken);
        simulator = new JsonRpcSimulator(app) { Url = url };
        return simulator;
    }

    /// <summary>Answers <paramref name="method"/> with <paramref name="result"/>.</summary>
    public JsonRpcSimulator On(string method, JsonNode? result) => On(method, _ => SimulatedReply.Result(result));

    /// <summary>Answers <paramref name="method"/> with what <paramref name="reply"/> returns for the call's params.</summary>
    public JsonRpcSimulator On(string method, Func<JsonNode?, SimulatedReply> reply)
    {
        lock (_methods)
        {
            _methods[method] = reply;
        }

        return this;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var method = request?["method"]?.GetValue<string>() ?? "";
        Func<JsonNode?, SimulatedReply>? script;
        lock (_methods)
        {
            Calls.Add(method);
            _methods.TryGetValue(method, out script);
        }

        var reply = script?.Invoke(request?["params"]) ?? SimulatedReply.Error(-32601, "Method not found", HttpStatusCode.NotFound);
        context.Response.StatusCode = (int)reply.Status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["result"] = reply.ResultNode?.DeepClone(), ["error"] = reply.ErrorNode?.DeepClone(), ["id"] = request?["id"]?.DeepClone() };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
