using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NodeStack.Tests.Fixtures.Peers;

/// <summary>
/// A real Bitcoin full node, independently written: bcoin 1.0.2 on regtest, in memory, on free loopback ports. It
/// serves bitcoind-style JSON-RPC at <c>/</c> with basic auth (any user, password = API key), and runs its wallet
/// plugin so tests can fund an address and put a transaction into the mempool.
/// </summary>
internal sealed class BcoinRegtestPeer : JsonRpcTestPeer
{
    /// <summary>bcoin encodes regtest bech32 addresses with the "rb" prefix (Bitcoin Core uses "bcrt"): this is
    /// NodeStack's regtest mining key (<see cref="NodeStack.Hosting.Bitcoin.BitcoinRegtestMiningKey"/>) in bcoin's encoding.</summary>
    public const string MiningAddress = "rb1qm7qlc0gsdsex0unk2psk72k0r9sx0k544n3et8";

    private const string RpcUser = "nodestack";

    // 50 BTC in satoshis: regtest halves the subsidy only every 150 blocks.
    private const long RegtestBlockSubsidy = 5_000_000_000;
    private readonly Uri _walletUrl;

    private BcoinRegtestPeer(TestPeerProcess process, Uri url, Uri walletUrl, string apiKey)
        : base(process, url, "1.0", new NetworkCredential(RpcUser, apiKey))
    {
        ApiKey = apiKey;
        _walletUrl = walletUrl;
    }

    /// <summary>The API key, which is the RPC (and wallet) password.</summary>
    public string ApiKey { get; }

    /// <summary>The RPC URL with credentials, in the <c>BITCOIN_RPC_URL</c> / <c>ConnectionStrings__bitcoin</c> form.</summary>
    public string UrlWithCredentials => $"http://{RpcUser}:{ApiKey}@{Url.Authority}/";

    /// <summary>Starts bcoin on regtest in a temporary directory and waits until RPC and the wallet answer.</summary>
    public static async Task<BcoinRegtestPeer> StartAsync(CancellationToken cancellationToken)
    {
        var path = RequiredTool.TestPeer("bcoin");
        var (rpcPort, walletPort, p2pPort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var prefix = Directory.CreateTempSubdirectory("nodestack-bcoin-").FullName;
        string[] arguments =
        [
            "--network=regtest", "--memory=true", $"--prefix={prefix}", "--listen=false", "--log-level=warning",
            "--http-host=127.0.0.1", $"--http-port={Invariant(rpcPort)}", $"--port={Invariant(p2pPort)}", $"--api-key={apiKey}",
            $"--wallet-http-port={Invariant(walletPort)}", $"--wallet-api-key={apiKey}",
        ];
        var peer = new BcoinRegtestPeer(
            TestPeerProcess.Start(path, arguments, prefix), new Uri($"http://127.0.0.1:{Invariant(rpcPort)}/"),
            new Uri($"http://127.0.0.1:{Invariant(walletPort)}/"), apiKey);
        await peer.WaitUntilAnswersAsync("getblockcount", cancellationToken);
        await peer.WaitUntilAsync(ct => peer.WalletAsync(HttpMethod.Get, "wallet/primary", "", ct), cancellationToken);
        return peer;
    }

    /// <summary>A fresh regtest address of the node's wallet (from the wallet's REST API: its RPC prints mainnet addresses in 1.0.2).</summary>
    public async Task<string> NewWalletAddressAsync() =>
        (await WalletAsync(HttpMethod.Post, "wallet/primary/address", """{"account":"default"}""")).GetProperty("address").GetString()!;

    /// <summary>The wallet's confirmed balance in satoshis (the wallet follows the chain a moment after a block).</summary>
    public async Task<long> ConfirmedBalanceAsync() =>
        (await WalletAsync(HttpMethod.Get, "wallet/primary/balance", "")).GetProperty("confirmed").GetInt64();

    /// <summary>Sends from the wallet; the transaction lands in the mempool. Returns its id.</summary>
    public async Task<string> SendAsync(string address, long satoshis)
    {
        var body = JsonSerializer.Serialize(new { outputs = new[] { new { address, value = satoshis } } });
        return (await WalletAsync(HttpMethod.Post, "wallet/primary/send", body)).GetProperty("hash").GetString()!;
    }

    /// <summary>
    /// Mines 101 blocks to a wallet address (coinbase outputs mature after 100) and sends from it, so the node has
    /// spendable coins and one transaction in its mempool. Returns the wallet address.
    /// </summary>
    public async Task<string> FundWalletAndFillMempoolAsync()
    {
        const int blocks = 101;
        var address = await NewWalletAddressAsync();
        await CallAsync("generatetoaddress", blocks, address);
        // Every coinbase counted means the wallet has seen all blocks, so the first one has matured.
        await WaitForAsync(async () => await ConfirmedBalanceAsync() == blocks * RegtestBlockSubsidy);
        await SendAsync(address, 150_000_000);
        await WaitForAsync(async () => (await CallAsync("getmempoolinfo")).GetProperty("size").GetInt32() == 1);
        return address;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after 30 s.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "bcoin did not reach the expected state within 30 s.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private Task<JsonElement> WalletAsync(HttpMethod method, string path, string body) =>
        WalletAsync(method, path, body, TestContext.Current.CancellationToken);

    private async Task<JsonElement> WalletAsync(HttpMethod method, string path, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_walletUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RpcUser}:{ApiKey}")));
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"bcoin wallet {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
