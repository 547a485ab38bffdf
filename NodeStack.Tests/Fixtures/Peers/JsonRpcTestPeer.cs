using System.Net;
using System.Text.Json;
using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>A real node process serving JSON-RPC over HTTP on a loopback port, with a client for it.</summary>
internal abstract class JsonRpcTestPeer : IAsyncDisposable
{
    private readonly TestPeerProcess _process;

    /// <summary>Wraps <paramref name="process"/>, which serves JSON-RPC at <paramref name="url"/>.</summary>
    protected JsonRpcTestPeer(TestPeerProcess process, Uri url, string protocolVersion, NetworkCredential? credentials = null)
    {
        _process = process;
        Url = url;
        Rpc = new JsonRpcClient(Http, url, protocolVersion, credentials);
    }

    /// <summary>The node's JSON-RPC URL.</summary>
    public Uri Url { get; }

    /// <summary>The RPC port.</summary>
    public int Port => Url.Port;

    /// <summary>An HTTP client for the node.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A JSON-RPC client for the node (with its credentials, if any).</summary>
    public JsonRpcClient Rpc { get; }

    /// <summary>Calls <paramref name="method"/> with <paramref name="parameters"/> under the test's cancellation.</summary>
    public Task<JsonElement> CallAsync(string method, params object?[] parameters) =>
        Rpc.CallAsync(method, parameters, TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits until the node answers <paramref name="method"/>, failing with its output after a minute.</summary>
    protected Task WaitUntilAnswersAsync(string method, CancellationToken cancellationToken) =>
        WaitUntilAsync(async ct => await Rpc.CallAsync(method, ct), cancellationToken);

    /// <summary>Waits until <paramref name="probe"/> succeeds, failing with the node's output after a minute.</summary>
    protected Task WaitUntilAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken) =>
        _process.WaitUntilReadyAsync(async ct =>
        {
            await probe(ct);
            return true;
        }, TimeSpan.FromSeconds(60), cancellationToken);
}
