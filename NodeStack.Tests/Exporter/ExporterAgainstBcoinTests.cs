using NodeStack.Tests.Fixtures.Peers;

namespace NodeStack.Tests.Exporter;

/// <summary>The exporter against a real, independently written Bitcoin node: bcoin 1.0.2 in regtest.</summary>
public sealed class ExporterAgainstBcoinTests
{
    private static readonly string[] MethodsBcoinLacks = ["uptime", "getrpcinfo", "getblockstats", "getchaintxstats", "getindexinfo"];

    [Fact]
    public async Task Exported_values_match_what_bcoin_reports_after_mining_and_a_mempool_transaction()
    {
        await using var node = await BcoinRegtestPeer.StartAsync(TestContext.Current.CancellationToken);
        var address = await node.FundWalletAndFillMempoolAsync();
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?> { ["BITCOIN_RPC_URL"] = node.UrlWithCredentials });

        var metrics = await exporter.ScrapeAsync();

        var chain = await node.CallAsync("getblockchaininfo");
        var mempool = await node.CallAsync("getmempoolinfo");
        var network = await node.CallAsync("getnetworkinfo");
        var totals = await node.CallAsync("getnettotals");
        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.Equal(101, metrics["bitcoin_blocks"]);
        Assert.Equal(chain.GetProperty("blocks").GetDouble(), metrics["bitcoin_blocks"]);
        Assert.Equal(chain.GetProperty("headers").GetDouble(), metrics["bitcoin_headers"]);
        Assert.Equal(chain.GetProperty("difficulty").GetDouble(), metrics["bitcoin_difficulty"]);
        Assert.Equal(chain.GetProperty("verificationprogress").GetDouble(), metrics["bitcoin_verification_progress"]);
        Assert.Equal(1, metrics["bitcoin_mempool_size"]);
        Assert.Equal(mempool.GetProperty("size").GetDouble(), metrics["bitcoin_mempool_size"]);
        Assert.Equal(mempool.GetProperty("bytes").GetDouble(), metrics["bitcoin_mempool_bytes"]);
        Assert.Equal(mempool.GetProperty("usage").GetDouble(), metrics["bitcoin_mempool_usage"]);
        Assert.Equal(mempool.GetProperty("maxmempool").GetDouble(), metrics["bitcoin_mempool_max_bytes"]);
        Assert.Equal(mempool.GetProperty("mempoolminfee").GetDouble(), metrics["bitcoin_mempool_minfee"]);
        Assert.Equal(network.GetProperty("connections").GetDouble(), metrics["bitcoin_peers"]);
        Assert.Equal(network.GetProperty("protocolversion").GetDouble(), metrics["bitcoin_protocol_version"]);
        Assert.Equal(totals.GetProperty("totalbytesrecv").GetDouble(), metrics["bitcoin_total_bytes_recv"]);
        Assert.Equal((await node.CallAsync("getchaintips")).GetArrayLength(), metrics["bitcoin_num_chaintips"]);
        Assert.Equal((await node.CallAsync("getnetworkhashps", 120, 101)).GetDouble(), metrics["bitcoin_hashps"]);
        // bcoin rejects nblocks=-1 ("Param #0 must be a uint"): that one value is omitted and counted as an RPC error.
        Assert.False(metrics.HasFamily("bitcoin_hashps_neg1"));
        Assert.Equal(1, metrics["bitcoin_exporter_rpc_errors_total{method=\"getnetworkhashps\"}"]);
        Assert.Equal(1, metrics["bitcoin_node_info{chain=\"regtest\",subversion=\"/bcoin:v1.0.2/\"}"]);

        var afterBlock = await MineAndScrapeAsync(node, exporter, address);

        Assert.Equal(102, afterBlock["bitcoin_blocks"]);
        Assert.Equal(0, afterBlock["bitcoin_mempool_size"]);
        Assert.Equal((await node.CallAsync("getnetworkhashps", 120, 102)).GetDouble(), afterBlock["bitcoin_hashps"]);
    }

    [Fact]
    public async Task Methods_bcoin_lacks_cost_only_their_own_metrics()
    {
        await using var node = await BcoinRegtestPeer.StartAsync(TestContext.Current.CancellationToken);
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?> { ["BITCOIN_RPC_URL"] = node.UrlWithCredentials });

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.All(MethodsBcoinLacks, method => Assert.Equal(1, metrics[$"bitcoin_exporter_rpc_method_unsupported{{method=\"{method}\"}}"]));
        Assert.Equal(MethodsBcoinLacks.Length, metrics["bitcoin_exporter_errors_total{type=\"method_not_found\"}"]);
        // Their families are omitted, never invented...
        foreach (var family in new[] { "bitcoin_uptime", "bitcoin_rpc_active", "bitcoin_latest_block_height", "bitcoin_txcount", "bitcoin_index_synced" })
        {
            Assert.False(metrics.HasFamily(family), family + " should be omitted");
        }

        // ...and so are values bcoin reports in another shape: a string version, "fee" instead of "feerate", no locked-memory stats.
        Assert.False(metrics.HasFamily("bitcoin_server_version"));
        Assert.False(metrics.HasFamily("bitcoin_est_smart_fee_2"));
        Assert.False(metrics.HasFamily("bitcoin_meminfo_used"));
        // Everything else bcoin has is exported.
        Assert.Equal(0, metrics["bitcoin_blocks"]);
        Assert.Equal(0, metrics["bitcoin_peers"]);
        Assert.True(metrics.Has("bitcoin_mempool_size"));
        Assert.True(metrics.Has("bitcoin_hashps_1"));
        Assert.True(metrics.Has("bitcoin_num_chaintips"));

        await exporter.ScrapeAsync();
        var third = await exporter.ScrapeAsync();
        Assert.Equal(MethodsBcoinLacks.Length, third["bitcoin_exporter_errors_total{type=\"method_not_found\"}"]);
    }

    private static async Task<ScrapedMetrics> MineAndScrapeAsync(BcoinRegtestPeer node, ExporterHost exporter, string address)
    {
        await node.CallAsync("generatetoaddress", 1, address);
        await BcoinRegtestPeer.WaitForAsync(async () => (await node.CallAsync("getmempoolinfo")).GetProperty("size").GetInt32() == 0);
        return await exporter.ScrapeAsync();
    }
}
