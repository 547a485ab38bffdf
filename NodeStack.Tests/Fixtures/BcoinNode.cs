using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// A real bcoin 1.0.2 full node in regtest, in memory, on free loopback ports, with its wallet plugin. Its HTTP server
/// answers bitcoind-style JSON-RPC at "/" with Basic auth: any user, the API key as password.
/// </summary>
public sealed class BcoinNode : IAsyncDisposable
{
    private const string ApiKey = "bcoin-test-api-key";
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _prefix;

    private BcoinNode(Process process, int rpcPort, int walletPort, string prefix)
    {
        _process = process;
        _prefix = prefix;
        RpcUrl = new Uri($"http://127.0.0.1:{rpcPort}/");
        WalletUrl = new Uri($"http://127.0.0.1:{walletPort}/");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + ApiKey)));
    }

    public Uri RpcUrl { get; }

    public Uri WalletUrl { get; }

    /// <summary>The RPC URL in the exporter's BITCOIN_RPC_URL form.</summary>
    public string RpcUrlWithCredentials => $"http://exporter:{ApiKey}@{RpcUrl.Authority}/";

    public static async Task<BcoinNode> StartAsync(string bcoin)
    {
        var prefix = Directory.CreateTempSubdirectory("bcoin-").FullName;
        var (rpcPort, walletPort, p2pPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(bcoin,
        [
            "--network=regtest", "--memory=true", $"--prefix={prefix}", "--listen=false", "--log-level=warning",
            "--http-host=127.0.0.1", $"--http-port={rpcPort}", $"--port={p2pPort}", $"--api-key={ApiKey}",
            $"--wallet-http-port={walletPort}", $"--wallet-api-key={ApiKey}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new BcoinNode(process, rpcPort, walletPort, prefix);
        await node.WaitUntilReadyAsync();
        return node;
    }

    public async Task<JsonElement> RpcAsync(string method, params object[] parameters)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["method"] = method, ["params"] = parameters, ["id"] = 1 });
        using var response = await _http.PostAsync(RpcUrl, new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (document.RootElement.GetProperty("error").ValueKind != JsonValueKind.Null)
        {
            throw new InvalidOperationException($"bcoin {method}: {document.RootElement.GetProperty("error")}");
        }

        return document.RootElement.GetProperty("result").Clone();
    }

    /// <summary>A fresh regtest address of the node's wallet (the wallet's REST API: its RPC prints mainnet addresses in 1.0.2).</summary>
    public async Task<string> NewAddressAsync()
    {
        var answer = await WalletAsync(HttpMethod.Post, "wallet/primary/address", """{"account":"default"}""");
        return answer.GetProperty("address").GetString()!;
    }

    /// <summary>The wallet's confirmed balance in satoshis (it follows the chain a moment after a block).</summary>
    public async Task<long> ConfirmedBalanceAsync() =>
        (await WalletAsync(HttpMethod.Get, "wallet/primary/balance", "")).GetProperty("confirmed").GetInt64();

    /// <summary>Sends from the wallet; the transaction lands in the mempool.</summary>
    public async Task<string> SendAsync(string address, long satoshis)
    {
        var body = JsonSerializer.Serialize(new { outputs = new[] { new { address, value = satoshis } } });
        var answer = await WalletAsync(HttpMethod.Post, "wallet/primary/send", body);
        return answer.GetProperty("hash").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private async Task<JsonElement> WalletAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri(WalletUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"bcoin wallet {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, "bcoin exited during startup");
            try
            {
                await RpcAsync("getblockchaininfo");
                await WalletAsync(HttpMethod.Get, "wallet/primary", "");
                return;
            }
            catch (Exception ex) when ((ex is HttpRequestException or InvalidOperationException or Xunit.Sdk.XunitException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
