using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace NodeStack.Exporter.Rpc;

/// <summary>
/// Sends JSON-RPC batches to a Bitcoin Core node over one kept-alive connection and turns every way a request can go
/// wrong into an <see cref="RpcFaultException"/> of a known kind.
/// </summary>
/// <remarks>
/// The URI never carries credentials (they travel only in the Authorization header), so HttpClient traces and
/// metrics, which record the URL, cannot leak them.
/// </remarks>
public sealed class BitcoinRpcClient(HttpClient http, Uri endpoint, RpcAuthorization authorization)
{
    /// <summary>A client whose pooled connection outlives scrape intervals but not bitcoind's 30 s idle timeout.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = 2,
        UseCookies = false,
        // RPC stays on loopback or the cluster network; a proxy would only see credentials it should not.
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Sends the batch; <paramref name="requestSent"/> is told about every HTTP request made.</summary>
    public async Task<RpcBatchResponse> SendAsync(RpcBatch batch, Action requestSent, CancellationToken cancellationToken)
    {
        using var activity = ExporterTelemetry.Source.StartActivity("rpc batch", ActivityKind.Client);
        activity?.SetTag("rpc.system", "jsonrpc");
        activity?.SetTag("rpc.jsonrpc.batch_size", batch.Calls.Count);
        activity?.SetTag("rpc.methods", string.Join(' ', batch.Calls.Select(call => call.Method).Distinct()));
        activity?.SetTag("server.address", endpoint.Host);
        activity?.SetTag("server.port", endpoint.Port);

        var body = new ArrayBufferWriter<byte>(1024);
        batch.WriteTo(body);
        try
        {
            var response = await SendWithCookieRetryAsync(body.WrittenMemory, requestSent, cancellationToken);
            return RpcBatchResponse.Parse(response, batch.Calls.Count);
        }
        catch (RpcFaultException fault)
        {
            activity?.SetStatus(ActivityStatusCode.Error, fault.Kind.ToString());
            throw;
        }
    }

    private async Task<JsonDocument> SendWithCookieRetryAsync(ReadOnlyMemory<byte> body, Action requestSent, CancellationToken cancellationToken)
    {
        var status = await PostAsync(body, requestSent, cancellationToken);
        // bitcoind writes a new cookie when it restarts: one retry with the re-read cookie, only if it changed.
        if (status.Document is null && status.Code == HttpStatusCode.Unauthorized && authorization.ReloadAfterRejection())
        {
            status = await PostAsync(body, requestSent, cancellationToken);
        }

        return status.Document ?? throw status.Code switch
        {
            HttpStatusCode.Unauthorized => new RpcFaultException(RpcFaultKind.Unauthorized, "the node rejected the RPC credentials (HTTP 401)"),
            HttpStatusCode.Forbidden => new RpcFaultException(RpcFaultKind.Unauthorized,
                "the node refused a method (HTTP 403): check rpcwhitelist allows every method the exporter calls"),
            _ => new RpcFaultException(RpcFaultKind.HttpStatus, $"the node answered HTTP {(int)status.Code} {status.Code}"),
        };
    }

    private async Task<(JsonDocument? Document, HttpStatusCode Code)> PostAsync(
        ReadOnlyMemory<byte> body, Action requestSent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ReadOnlyMemoryContent(body),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = authorization.Current();
        try
        {
            requestSent();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, response.StatusCode);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return (await JsonDocument.ParseAsync(stream, default, cancellationToken), HttpStatusCode.OK);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new RpcFaultException(RpcFaultKind.Timeout, "the node did not answer before the collection deadline", ex);
        }
        catch (JsonException ex)
        {
            throw new RpcFaultException(RpcFaultKind.InvalidResponse, $"the node's answer is not JSON ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            throw new RpcFaultException(RpcFaultKind.Connection, $"the connection to the node failed ({ex.Message})", ex);
        }
    }
}
