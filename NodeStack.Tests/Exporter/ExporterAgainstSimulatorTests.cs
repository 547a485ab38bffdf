using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>The exporter against a Bitcoin Core 29 RPC simulator: values, node states and every fault.</summary>
public sealed class ExporterAgainstSimulatorTests
{
    [Fact]
    public async Task Exporter_exports_every_Python_exporter_family_with_the_values_Bitcoin_Core_reports()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        // Expected values come from Fixtures/BitcoinCore29/synced-node.json.
        var expected = new Dictionary<string, double>
        {
            ["bitcoin_blocks"] = 893000,
            ["bitcoin_difficulty"] = 121658450774825.8,
            ["bitcoin_peers"] = 12,
            ["bitcoin_conn_in"] = 2,
            ["bitcoin_conn_out"] = 10,
            ["bitcoin_hashps_neg1"] = 8.5e20,
            ["bitcoin_hashps_1"] = 9.1e20,
            ["bitcoin_hashps"] = 8.7e20,
            ["bitcoin_est_smart_fee_2"] = 0.00012345,
            ["bitcoin_est_smart_fee_3"] = 0.0001,
            ["bitcoin_est_smart_fee_5"] = 0.00005123,
            ["bitcoin_est_smart_fee_20"] = 0.00002,
            ["bitcoin_warnings_total"] = 0,
            ["bitcoin_uptime"] = 86400,
            ["bitcoin_meminfo_used"] = 336,
            ["bitcoin_meminfo_free"] = 65200,
            ["bitcoin_meminfo_total"] = 65536,
            ["bitcoin_meminfo_locked"] = 65536,
            ["bitcoin_meminfo_chunks_used"] = 7,
            ["bitcoin_meminfo_chunks_free"] = 1,
            ["bitcoin_mempool_bytes"] = 2317480,
            ["bitcoin_mempool_size"] = 4125,
            ["bitcoin_mempool_usage"] = 12254688,
            ["bitcoin_mempool_minfee"] = 0.00001,
            ["bitcoin_mempool_unbroadcast"] = 1,
            ["bitcoin_latest_block_height"] = 893000,
            ["bitcoin_latest_block_weight"] = 3993000,
            ["bitcoin_latest_block_size"] = 1580000,
            ["bitcoin_latest_block_txs"] = 3200,
            ["bitcoin_latest_block_inputs"] = 7500,
            ["bitcoin_latest_block_outputs"] = 9800,
            ["bitcoin_latest_block_value"] = 12345.67890123,
            ["bitcoin_latest_block_fee"] = 0.02345678,
            ["bitcoin_txcount"] = 1150000000,
            ["bitcoin_num_chaintips"] = 2,
            ["bitcoin_total_bytes_recv"] = 123456789,
            ["bitcoin_total_bytes_sent"] = 987654321,
            ["bitcoin_ban_created{address=\"192.0.2.4/32\",reason=\"manually added\"}"] = 1745500000,
            ["bitcoin_banned_until{address=\"192.0.2.4/32\",reason=\"manually added\"}"] = 1745586400,
            ["bitcoin_rpc_active"] = 0,
            ["bitcoin_size_on_disk"] = 753215372288,
            ["bitcoin_verification_progress"] = 0.9999986325,
            ["bitcoin_server_version"] = 290000,
            ["bitcoin_protocol_version"] = 70016,
            ["bitcoin_up"] = 1,
            ["bitcoin_headers"] = 893000,
            ["bitcoin_initial_block_download"] = 0,
            ["bitcoin_blocks_behind_headers"] = 0,
            ["bitcoin_mempool_max_bytes"] = 300000000,
            ["bitcoin_mempool_total_fee_btc"] = 0.04129331,
            ["bitcoin_index_synced{index=\"txindex\"}"] = 1,
            ["bitcoin_index_synced{index=\"basic block filter index\"}"] = 0,
            ["bitcoin_index_best_block_height{index=\"txindex\"}"] = 893000,
            ["bitcoin_index_best_block_height{index=\"basic block filter index\"}"] = 850000,
            ["bitcoin_exporter_collections_total"] = 1,
            ["bitcoin_node_info{chain=\"main\",subversion=\"/Satoshi:29.0.0/\"}"] = 1,
        };
        metrics.AssertValues(expected);

        Assert.Equal("counter", metrics.Types["bitcoin_warnings_total"]);
        Assert.Equal("counter", metrics.Types["bitcoin_exporter_errors_total"]);
        Assert.Equal("gauge", metrics.Types["bitcoin_total_bytes_recv"]);
        Assert.All(ExporterErrorTypes, type => Assert.Equal(0, metrics[$"bitcoin_exporter_errors_total{{type=\"{type}\"}}"]));
        Assert.True(metrics.Has("bitcoin_exporter_last_success_timestamp_seconds"));
        Assert.True(metrics["bitcoin_exporter_data_age_seconds{method=\"getblockchaininfo\"}"] < 5);
    }

    [Fact]
    public async Task Exporter_reports_initial_block_download_and_how_far_blocks_trail_headers()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync("initial-block-download");
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.Equal(1, metrics["bitcoin_initial_block_download"]);
        Assert.Equal(350000, metrics["bitcoin_blocks"]);
        Assert.Equal(893000, metrics["bitcoin_headers"]);
        Assert.Equal(543000, metrics["bitcoin_blocks_behind_headers"]);
        Assert.Equal(0.0853, metrics["bitcoin_verification_progress"]);
        Assert.Equal(350000, metrics["bitcoin_latest_block_height"]);
        Assert.Equal(0, metrics["bitcoin_index_synced{index=\"txindex\"}"]);
        Assert.Equal(349000, metrics["bitcoin_index_best_block_height{index=\"txindex\"}"]);
    }

    [Theory]
    [InlineData(SimulatedFault.Hang, "timeout")]
    [InlineData(SimulatedFault.Unauthorized, "unauthorized")]
    [InlineData(SimulatedFault.ServiceUnavailable, "http_status")]
    [InlineData(SimulatedFault.Garbage, "invalid_response")]
    [InlineData(SimulatedFault.DropConnection, "connection")]
    [InlineData(SimulatedFault.WarmingUp, "warmup")]
    [InlineData(SimulatedFault.Forbidden, "unauthorized")]
    [InlineData(SimulatedFault.SingleObjectForBatch, "invalid_response")]
    public async Task Exporter_serves_last_good_values_and_up_0_during_a_node_fault_then_recovers(SimulatedFault fault, string errorType)
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);
        var healthy = await exporter.ScrapeAsync();

        node.Fault = fault;
        var faulty = await exporter.ScrapeAsync(scrapeTimeoutSeconds: 2);

        Assert.Equal(0, faulty["bitcoin_up"]);
        Assert.Equal(1, faulty[$"bitcoin_exporter_errors_total{{type=\"{errorType}\"}}"]);
        Assert.All(ExporterErrorTypes.Where(type => type != errorType),
            type => Assert.Equal(0, faulty[$"bitcoin_exporter_errors_total{{type=\"{type}\"}}"]));
        Assert.Equal(1, faulty["bitcoin_exporter_rpc_errors_total{method=\"getblockchaininfo\"}"]);
        // The last good values stay, marked by their age, and the last success does not move.
        Assert.Equal(893000, faulty["bitcoin_blocks"]);
        Assert.Equal(0.00012345, faulty["bitcoin_est_smart_fee_2"]);
        Assert.Equal(healthy["bitcoin_exporter_last_success_timestamp_seconds"], faulty["bitcoin_exporter_last_success_timestamp_seconds"]);
        Assert.True(faulty["bitcoin_exporter_data_age_seconds{method=\"getblockchaininfo\"}"]
            >= healthy["bitcoin_exporter_data_age_seconds{method=\"getblockchaininfo\"}"]);

        node.Fault = SimulatedFault.None;
        var recovered = await exporter.ScrapeAsync();

        Assert.Equal(1, recovered["bitcoin_up"]);
        Assert.Equal(1, recovered[$"bitcoin_exporter_errors_total{{type=\"{errorType}\"}}"]);
        Assert.Equal(3, recovered["bitcoin_exporter_collections_total"]);
        Assert.True(recovered["bitcoin_exporter_last_success_timestamp_seconds"] > healthy["bitcoin_exporter_last_success_timestamp_seconds"]);
    }

    [Fact]
    public async Task Bitcoin_Core_31_values_that_differ_from_29_are_exported_as_the_node_reports_them()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync(BitcoinCoreSimulator.Core31SyncedNode);
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        // Expected values come from Fixtures/BitcoinCore31/synced-node.json.
        metrics.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_up"] = 1,
            ["bitcoin_server_version"] = 310100,
            ["bitcoin_node_info{chain=\"main\",subversion=\"/Satoshi:31.1.0/\"}"] = 1,
            // 0.1 sat/vB minimum relay fee since Core 30; fee estimates below 1 sat/vB since Core 31.
            ["bitcoin_mempool_minfee"] = 0.000001,
            ["bitcoin_est_smart_fee_5"] = 0.0000025,
            ["bitcoin_est_smart_fee_20"] = 0.0000008,
            // Cluster mempool (Core 31) adds fields and drops fullrbf; the fields the exporter reads keep their meaning.
            ["bitcoin_mempool_size"] = 3890,
            ["bitcoin_mempool_bytes"] = 2104551,
            ["bitcoin_mempool_usage"] = 11873920,
            ["bitcoin_mempool_max_bytes"] = 300000000,
            ["bitcoin_mempool_total_fee_btc"] = 0.01873346,
            ["bitcoin_mempool_unbroadcast"] = 0,
            // The index Core 31 added (-txospenderindex) is one more index label.
            ["bitcoin_index_synced{index=\"txospenderindex\"}"] = 0,
            ["bitcoin_index_best_block_height{index=\"txospenderindex\"}"] = 880500,
            ["bitcoin_active_warnings"] = 0,
        });
        Assert.All(ExporterErrorTypes, type => Assert.Equal(0, metrics[$"bitcoin_exporter_errors_total{{type=\"{type}\"}}"]));
    }

    [Theory]
    [InlineData("""["Unknown new rules activated (versionbit 3)", "Disk space is low"]""", 2)]
    [InlineData("\"Unknown new rules activated (versionbit 3)\"", 1)]
    [InlineData("\"\"", 0)]
    public async Task Node_warnings_count_as_a_list_since_Core_28_and_as_a_string_before_or_with_deprecatedrpc(string warnings, double active)
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Change(results => results["getnetworkinfo"]!["warnings"] = System.Text.Json.Nodes.JsonNode.Parse(warnings));
        await using var exporter = await ExporterHost.StartAsync(node);

        await exporter.ScrapeAsync();
        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(active, metrics["bitcoin_active_warnings"]);
        // As in the Python exporter: collections that saw a warning.
        Assert.Equal(active > 0 ? 2 : 0, metrics["bitcoin_warnings_total"]);
    }

    [Fact]
    public async Task Each_collection_reports_its_deadline_and_each_batch_its_request_duration_which_its_methods_share()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node, ("TIMEOUT", "8"));

        var behindPrometheus = await exporter.ScrapeAsync(scrapeTimeoutSeconds: 4);
        var withoutHeader = await exporter.ScrapeAsync();

        Assert.Equal(3.5, behindPrometheus["bitcoin_exporter_collection_deadline_seconds"]);
        Assert.Equal(8, withoutHeader["bitcoin_exporter_collection_deadline_seconds"]);
        var collection = behindPrometheus["bitcoin_exporter_rpc_request_duration_seconds{batch=\"collection\"}"];
        var perBlock = behindPrometheus["bitcoin_exporter_rpc_request_duration_seconds{batch=\"per_block\"}"];
        Assert.All(RpcMethodsEveryCollection, method =>
            Assert.Equal(collection, behindPrometheus[$"bitcoin_exporter_rpc_duration_seconds{{method=\"{method}\"}}"]));
        Assert.All(RpcMethodsPerBlock, method =>
            Assert.Equal(perBlock, behindPrometheus[$"bitcoin_exporter_rpc_duration_seconds{{method=\"{method}\"}}"]));
        // Same tip: the second collection sends no per-block batch, whose last duration stays.
        Assert.Equal(perBlock, withoutHeader["bitcoin_exporter_rpc_request_duration_seconds{batch=\"per_block\"}"]);
    }

    [Fact]
    public async Task A_hanging_node_costs_a_scrape_no_more_than_the_Prometheus_scrape_timeout()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Fault = SimulatedFault.Hang;
        await using var exporter = await ExporterHost.StartAsync(node, ("TIMEOUT", "60"));
        using var prometheusGivesUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        prometheusGivesUp.CancelAfter(TimeSpan.FromSeconds(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", "2");

        using var response = await exporter.Http.SendAsync(request, prometheusGivesUp.Token);
        var metrics = ScrapedMetrics.Parse(await response.Content.ReadAsStringAsync(prometheusGivesUp.Token));

        Assert.Equal(0, metrics["bitcoin_up"]);
        Assert.Equal(1, metrics["bitcoin_exporter_errors_total{type=\"timeout\"}"]);
    }

    [Fact]
    public async Task A_method_the_node_lacks_costs_only_its_own_metrics_and_is_retried_after_the_node_restarts()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.MissingMethods.Add("getindexinfo");
        node.MissingMethods.Add("getblockstats");
        await using var exporter = await ExporterHost.StartAsync(node);

        var metrics = await exporter.ScrapeAsync();

        Assert.Equal(1, metrics["bitcoin_up"]);
        Assert.False(metrics.HasFamily("bitcoin_index_synced"));
        Assert.False(metrics.HasFamily("bitcoin_latest_block_height"));
        Assert.Equal(1, metrics["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"]);
        Assert.Equal(1, metrics["bitcoin_exporter_rpc_method_unsupported{method=\"getblockstats\"}"]);
        Assert.Equal(0, metrics["bitcoin_exporter_rpc_method_unsupported{method=\"getblockchaininfo\"}"]);
        Assert.Equal(2, metrics["bitcoin_exporter_errors_total{type=\"method_not_found\"}"]);
        Assert.Equal(893000, metrics["bitcoin_blocks"]);
        Assert.Equal(1150000000, metrics["bitcoin_txcount"]);
        Assert.Equal(8.7e20, metrics["bitcoin_hashps"]);

        node.MineBlock();
        await exporter.ScrapeAsync();
        Assert.Equal(1, node.CallsOf("getindexinfo"));
        Assert.Equal(1, node.CallsOf("getblockstats"));

        // The node restarts as a version that has the methods: uptime goes back, so they are tried again.
        node.MissingMethods.Clear();
        node.Change(results => results["uptime"] = 5);
        await exporter.ScrapeAsync();
        var afterRestart = await exporter.ScrapeAsync();

        Assert.Equal(893001, afterRestart["bitcoin_latest_block_height"]);
        Assert.Equal(1, afterRestart["bitcoin_index_synced{index=\"txindex\"}"]);
        Assert.Equal(0, afterRestart["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"]);
    }

    [Fact]
    public async Task Per_block_calls_run_once_per_new_best_block()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);

        await exporter.ScrapeAsync();
        var requestsAfterFirst = node.HttpRequests;
        await exporter.ScrapeAsync();
        var sameTip = await exporter.ScrapeAsync();

        Assert.Equal(2, requestsAfterFirst);
        Assert.Equal(requestsAfterFirst + 2, node.HttpRequests);
        Assert.Equal(1, node.CallsOf("getblockstats"));
        Assert.Equal(1, node.CallsOf("getchaintxstats"));
        Assert.Equal(1, node.CallsOf("getchaintips"));
        Assert.Equal(3, node.CallsOf("getnetworkhashps"));
        Assert.Equal(3, node.CallsOf("getblockchaininfo"));
        Assert.True(sameTip["bitcoin_exporter_data_age_seconds{method=\"getblockstats\"}"] < 5);

        node.MineBlock();
        var newTip = await exporter.ScrapeAsync();

        Assert.Equal(2, node.CallsOf("getblockstats"));
        Assert.Equal(893001, newTip["bitcoin_latest_block_height"]);
        Assert.Equal(893001, newTip["bitcoin_blocks"]);
        Assert.Equal(1150000001, newTip["bitcoin_txcount"]);
    }

    [Fact]
    public async Task Hundreds_of_concurrent_scrapes_share_collections_with_one_request_each()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node);
        await exporter.ScrapeAsync();
        var requestsBefore = node.HttpRequests;
        node.RequestLatency = TimeSpan.FromMilliseconds(200);

        var scrapes = await ScrapeConcurrentlyAsync(exporter, 300);

        var collections = (await exporter.ScrapeAsync())["bitcoin_exporter_collections_total"] - 2;
        Assert.All(scrapes, scrape => Assert.Equal(1, scrape["bitcoin_up"]));
        Assert.InRange(collections, 1, 20);
        Assert.Equal(collections, node.HttpRequests - requestsBefore - 1);
    }

    [Fact]
    public async Task Scrapes_within_the_minimum_interval_cause_no_request_at_all()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await ExporterHost.StartAsync(node, ("RATE_LIMIT", "600"));
        node.RequestLatency = TimeSpan.FromMilliseconds(100);

        var scrapes = await ScrapeConcurrentlyAsync(exporter, 300);

        Assert.All(scrapes, scrape => Assert.Equal(893000, scrape["bitcoin_blocks"]));
        Assert.Equal(2, node.HttpRequests);
        Assert.Equal(1, (await exporter.ScrapeAsync())["bitcoin_exporter_collections_total"]);
    }

    private static Task<ScrapedMetrics[]> ScrapeConcurrentlyAsync(ExporterHost exporter, int scrapes) =>
        Task.WhenAll(Enumerable.Range(0, scrapes).Select(_ => exporter.ScrapeAsync()));

    private static readonly string[] RpcMethodsEveryCollection =
        ["getblockchaininfo", "getnetworkinfo", "getmempoolinfo", "getmemoryinfo", "getnettotals", "uptime", "getrpcinfo", "listbanned", "getindexinfo", "estimatesmartfee"];

    private static readonly string[] RpcMethodsPerBlock = ["getblockstats", "getchaintxstats", "getnetworkhashps", "getchaintips"];

    private static readonly string[] ExporterErrorTypes =
        ["timeout", "connection", "unauthorized", "http_status", "invalid_response", "warmup", "credentials", "method_not_found", "rpc_error"];
}
