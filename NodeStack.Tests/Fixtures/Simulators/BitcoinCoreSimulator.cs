using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>How the simulated node misbehaves; each is a way a real bitcoind (or the path to it) fails.</summary>
public enum SimulatedFault
{
    None,

    /// <summary>Accepts the request and never answers (a node stuck on cs_main, a black-holed network).</summary>
    Hang,

    /// <summary>HTTP 401 with an empty body, as bitcoind answers wrong credentials.</summary>
    Unauthorized,

    /// <summary>HTTP 503, as bitcoind answers when its RPC work queue is full.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 200 with a non-JSON body (a proxy's error page).</summary>
    Garbage,

    /// <summary>The connection is reset before any answer.</summary>
    DropConnection,

    /// <summary>Every call answers error -28 ("Loading block index..."), as bitcoind does while starting.</summary>
    WarmingUp,

    /// <summary>HTTP 403 with an empty body, as bitcoind answers a batch holding a method the user's rpcwhitelist does not allow.</summary>
    Forbidden,

    /// <summary>
    /// HTTP 200 with one JSON-RPC error object where the batch's array belongs, as a JSON-RPC server or proxy that
    /// does not take batches answers one (JSON-RPC 2.0: an invalid batch gets a single response).
    /// </summary>
    SingleObjectForBatch,
}

/// <summary>
/// A SIMULATOR of Bitcoin Core's RPC server (no bitcoind runs here; bcoin covers the real-node tests): an in-process
/// Kestrel server on a free loopback port answering JSON-RPC (single and batch, HTTP Basic auth) from Bitcoin Core
/// 29 result formats recorded under Fixtures/BitcoinCore29, with Core 31's differences under Fixtures/BitcoinCore31.
/// As Bitcoin Core does, it answers an error to a single call with HTTP 500 (404 for an unknown method) and a batch
/// always with 200. It counts HTTP requests and JSON-RPC calls, and can add latency per request or per call and
/// inject each fault in <see cref="SimulatedFault"/>.
/// It is the one Bitcoin Core simulator: the exporter, sync-state, benchmark and dashboard tests all use it.
/// </summary>
public sealed class BitcoinCoreSimulator : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly JsonObject _results;
    private readonly Dictionary<string, int> _callsByMethod = [];
    private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _httpRequests;
    private int _calls;

    private BitcoinCoreSimulator(WebApplication app, JsonObject results)
    {
        _app = app;
        _results = results;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The credentials the simulator accepts now.</summary>
    public NetworkCredential Credentials => new(User, Password);

    public string User { get; set; } = "exporter";

    public string Password { get; set; } = "simulator-password";

    /// <summary><see cref="Url"/> with the credentials, in the ConnectionStrings__bitcoin / BITCOIN_RPC_URL form.</summary>
    public string UrlWithCredentials => $"{Url.Scheme}://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(Password)}@{Url.Authority}/";

    public SimulatedFault Fault { get; set; }

    /// <summary>Added once per HTTP request: network round trip and queueing, what "latency per RPC call" costs a one-call-per-request client.</summary>
    public TimeSpan RequestLatency { get; set; }

    /// <summary>Added per JSON-RPC call: bitcoind executes the calls of a batch one after another.</summary>
    public TimeSpan CallLatency { get; set; }

    /// <summary>Methods answered with -32601 (Method not found), like a node that lacks them.</summary>
    public ISet<string> MissingMethods { get; } = new HashSet<string>();

    /// <summary>Methods whose entries a batch answer leaves out (a broken server or proxy; Bitcoin Core answers every call).</summary>
    public ISet<string> OmittedFromBatch { get; } = new HashSet<string>();

    /// <summary>Completes when a request starts hanging under <see cref="SimulatedFault.Hang"/>: the caller's deadline is running.</summary>
    public Task RequestHanging => _hanging.Task;

    public int HttpRequests => Volatile.Read(ref _httpRequests);

    public int JsonRpcCalls => Volatile.Read(ref _calls);

    public int CallsOf(string method)
    {
        lock (_lock)
        {
            return _callsByMethod.GetValueOrDefault(method);
        }
    }

    /// <summary>Bitcoin Core 31.1's results where they differ from 29's (Fixtures/BitcoinCore31).</summary>
    public const string Core31SyncedNode = "BitcoinCore31/synced-node";

    /// <summary>
    /// Starts a node in <paramref name="scenario"/>: a file under Fixtures/BitcoinCore29 (or, with a folder, under
    /// Fixtures, such as <see cref="Core31SyncedNode"/>) whose results override the Bitcoin Core 29 synced node.
    /// </summary>
    public static async Task<BitcoinCoreSimulator> StartAsync(string scenario = "synced-node")
    {
        var results = LoadScenario(scenario);
        BitcoinCoreSimulator? simulator = null;
        var (app, url) = await LoopbackServer.StartAsync(app => app.MapPost("/", context => simulator!.HandleAsync(context)), CancellationToken.None);
        simulator = new BitcoinCoreSimulator(app, results) { Url = url };
        return simulator;
    }

    /// <summary>The recorded result of a method, to read or change (under <see cref="Change"/>).</summary>
    public JsonNode Result(string method)
    {
        lock (_lock)
        {
            return _results[method]!.DeepClone();
        }
    }

    public void Change(Action<JsonObject> change)
    {
        lock (_lock)
        {
            change(_results);
        }
    }

    /// <summary>Moves the tip one block up: new height and hash everywhere Core would report them.</summary>
    public string MineBlock()
    {
        lock (_lock)
        {
            var chain = _results["getblockchaininfo"]!.AsObject();
            var height = chain["blocks"]!.GetValue<long>() + 1;
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(height)));
            chain["blocks"] = height;
            chain["headers"] = Math.Max(height, chain["headers"]!.GetValue<long>());
            chain["bestblockhash"] = hash;
            _results["getblockstats"]!["height"] = height;
            _results["getblockstats"]!["blockhash"] = hash;
            _results["getblockstats"]!["txs"] = _results["getblockstats"]!["txs"]!.GetValue<long>() + 1;
            _results["getchaintxstats"]!["txcount"] = _results["getchaintxstats"]!["txcount"]!.GetValue<long>() + 1;
            return hash;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject LoadScenario(string scenario)
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var directory = Path.Combine(fixtures, "BitcoinCore29");
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "synced-node.json")))!.AsObject();
        if (scenario != "synced-node")
        {
            var file = Path.Combine(scenario.Contains('/', StringComparison.Ordinal) ? fixtures : directory, scenario + ".json");
            foreach (var (method, result) in JsonNode.Parse(File.ReadAllText(file))!.AsObject())
            {
                results[method] = result!.DeepClone();
            }
        }

        return results;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _httpRequests);
        await WaitAsync(RequestLatency, context.RequestAborted);

        if (await AnsweredWithFaultAsync(context))
        {
            return;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        var answer = new JsonArray();
        var batch = request.RootElement.ValueKind == JsonValueKind.Array;
        var calls = batch ? request.RootElement.EnumerateArray().ToList() : [request.RootElement];
        foreach (var call in calls)
        {
            await WaitAsync(CallLatency, context.RequestAborted);

            var entry = Execute(call);
            if (!batch || !IsOmitted(call))
            {
                answer.Add(entry);
            }
        }

        context.Response.ContentType = "application/json";
        if (!batch && !IsJsonRpc2(request.RootElement))
        {
            context.Response.StatusCode = StatusFor(answer[0]!["error"]);
        }

        var body = batch ? answer.ToJsonString() : answer[0]!.ToJsonString();
        await context.Response.WriteAsync(body + "\n", context.RequestAborted);
    }

    /// <summary>
    /// Waits the simulated latency precisely: timers here fire late by a millisecond or more, which would swamp a 1 ms
    /// latency, so the last 2 ms are spun out on the stopwatch.
    /// </summary>
    private static async Task WaitAsync(TimeSpan latency, CancellationToken cancellation)
    {
        if (latency <= TimeSpan.Zero)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (latency > TimeSpan.FromMilliseconds(3))
        {
            await Task.Delay(latency - TimeSpan.FromMilliseconds(2), cancellation);
        }

        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < latency)
        {
            Thread.SpinWait(100);
        }
    }

    private async Task<bool> AnsweredWithFaultAsync(HttpContext context)
    {
        switch (Fault)
        {
            case SimulatedFault.Hang:
                _hanging.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return true;
            case SimulatedFault.SingleObjectForBatch:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}""");
                return true;
            case SimulatedFault.DropConnection:
                context.Abort();
                return true;
            case SimulatedFault.ServiceUnavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("Work queue depth exceeded");
                return true;
            case SimulatedFault.Garbage:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return true;
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (Fault == SimulatedFault.Unauthorized || context.Request.Headers.Authorization != expected)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"jsonrpc\"";
            return true;
        }

        // bitcoind checks rpcwhitelist after the credentials.
        if (Fault == SimulatedFault.Forbidden)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return true;
        }

        return false;
    }

    private JsonObject Execute(JsonElement call)
    {
        var method = call.GetProperty("method").GetString()!;
        var parameters = call.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [];
        JsonNode? result = null;
        JsonObject? error = null;
        lock (_lock)
        {
            _calls++;
            _callsByMethod[method] = _callsByMethod.GetValueOrDefault(method) + 1;
            if (Fault == SimulatedFault.WarmingUp)
            {
                error = Error(-28, "Loading block index…");
            }
            else if (MissingMethods.Contains(method) || !_results.ContainsKey(method))
            {
                error = Error(-32601, "Method not found");
            }
            else
            {
                result = ResultFor(method, parameters);
            }
        }

        var id = call.TryGetProperty("id", out var given) ? JsonNode.Parse(given.GetRawText()) : null;
        // A JSON-RPC 2.0 request gets a 2.0 response (result or error); a legacy 1.0 request gets both members.
        return IsJsonRpc2(call)
            ? error is null ? new JsonObject { ["jsonrpc"] = "2.0", ["result"] = result, ["id"] = id } : new JsonObject { ["jsonrpc"] = "2.0", ["error"] = error, ["id"] = id }
            : new JsonObject { ["result"] = result, ["error"] = error, ["id"] = id };
    }

    private JsonNode? ResultFor(string method, List<JsonElement> parameters)
    {
        var recorded = _results[method]!;
        switch (method)
        {
            case "estimatesmartfee":
                var target = parameters[0].GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return recorded[target]?.DeepClone()
                    ?? new JsonObject { ["errors"] = new JsonArray("Insufficient data or no feerate found"), ["blocks"] = parameters[0].GetInt32() };
            case "getnetworkhashps":
                var blocks = parameters.Count > 0 ? parameters[0].GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "120";
                return recorded[blocks]?.DeepClone() ?? JsonValue.Create(8.6e20);
            case "getblockstats" when parameters.Count > 1:
                // Core returns only the requested stats.
                var requested = parameters[1].EnumerateArray().Select(stat => stat.GetString()!).ToHashSet();
                return new JsonObject(recorded.AsObject().Where(stat => requested.Contains(stat.Key))
                    .Select(stat => KeyValuePair.Create(stat.Key, stat.Value?.DeepClone())));
            default:
                return recorded.DeepClone();
        }
    }

    private bool IsOmitted(JsonElement call)
    {
        lock (_lock)
        {
            return OmittedFromBatch.Contains(call.GetProperty("method").GetString()!);
        }
    }

    private static JsonObject Error(int code, string message) => new() { ["code"] = code, ["message"] = message };

    private static bool IsJsonRpc2(JsonElement call) =>
        call.TryGetProperty("jsonrpc", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() == "2.0";

    // Bitcoin Core's HTTP status for a single legacy (JSON-RPC 1.0) call: 200, or 404 for an unknown method, 500 for
    // other errors. JSON-RPC 2.0 calls and batches get 200 with the error in the body.
    private static int StatusFor(JsonNode? error) => error?["code"]?.GetValue<int>() switch
    {
        null => StatusCodes.Status200OK,
        -32601 => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status500InternalServerError,
    };
}
