using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NodeStack.Hosting.JsonRpc;

/// <summary>
/// A minimal JSON-RPC-over-HTTP client for the nodes NodeStack runs: Bitcoin Core speaks JSON-RPC 1.0 with basic
/// auth, geth speaks JSON-RPC 2.0. Errors come back as <see cref="JsonRpcException"/> (the node answered) or
/// <see cref="HttpRequestException"/> (it did not).
/// </summary>
internal sealed class JsonRpcClient
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string _protocolVersion;
    private readonly AuthenticationHeaderValue? _authorization;
    private long _nextId;

    /// <summary>Creates a client for the JSON-RPC endpoint at <paramref name="url"/>.</summary>
    /// <param name="http">The HTTP client to send requests with; its timeout bounds every call.</param>
    /// <param name="url">The endpoint. Credentials in its user info are ignored; pass <paramref name="credentials"/>.</param>
    /// <param name="protocolVersion">The <c>jsonrpc</c> member to send: <c>1.0</c> (Bitcoin Core) or <c>2.0</c> (Ethereum).</param>
    /// <param name="credentials">Basic-auth credentials, or <see langword="null"/> for none.</param>
    public JsonRpcClient(HttpClient http, Uri url, string protocolVersion, NetworkCredential? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        _http = http;
        _url = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        _protocolVersion = protocolVersion;
        if (credentials is not null)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", token);
        }
    }

    /// <summary>The endpoint this client calls, without credentials.</summary>
    public Uri Url => _url;

    /// <summary>Calls <paramref name="method"/> and returns its <c>result</c>.</summary>
    /// <exception cref="JsonRpcException">The node answered with a JSON-RPC error.</exception>
    /// <exception cref="HttpRequestException">The node did not answer, refused the credentials or answered garbage.</exception>
    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = _protocolVersion,
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = _authorization;
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new HttpRequestException($"{method}: the node refused the RPC credentials (HTTP {(int)response.StatusCode}).", null, response.StatusCode);
        }

        // Bitcoin Core reports RPC errors with HTTP 404/500 and a JSON body, so the body is read whatever the status.
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ReadResult(method, text, response.StatusCode);
    }

    /// <summary>Calls <paramref name="method"/> without parameters.</summary>
    public Task<JsonElement> CallAsync(string method, CancellationToken cancellationToken) =>
        CallAsync(method, [], cancellationToken);

    private static JsonElement ReadResult(string method, string text, HttpStatusCode status)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"{method}: the node answered HTTP {(int)status} without a JSON-RPC body.", null, status);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new HttpRequestException($"{method}: the node answered HTTP {(int)status} with a JSON {root.ValueKind}, not a JSON-RPC response.", null, status);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                throw new JsonRpcException(method, code, message);
            }

            return root.TryGetProperty("result", out var result)
                ? result.Clone()
                : throw new HttpRequestException($"{method}: the JSON-RPC response has neither result nor error.", null, status);
        }
    }
}
