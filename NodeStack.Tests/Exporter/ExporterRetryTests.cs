using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Exporter;

/// <summary>
/// When the exporter asks the node again for a method the node lacked: after 10 minutes, after the node was
/// unreachable or warming up (it may come back upgraded), and after its version changed. The exporter runs on a fake
/// clock that moves only when a test moves it, so no retry here can come from time passing unless the test says so.
/// </summary>
public sealed class ExporterRetryTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_method_the_node_lacks_is_skipped_for_10_minutes_then_asked_again()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.MissingMethods.Add("getindexinfo");
        await using var exporter = await StartExporterAsync(node);
        var lacking = await exporter.ScrapeAsync();

        _clock.Advance(TimeSpan.FromMinutes(9));
        var nineMinutesLater = await exporter.ScrapeAsync();
        var callsBeforeRetry = node.CallsOf("getindexinfo");
        node.MissingMethods.Clear();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var tenMinutesLater = await exporter.ScrapeAsync();

        Assert.Equal(1, lacking["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"]);
        Assert.Equal(1, nineMinutesLater["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"]);
        Assert.Equal(1, callsBeforeRetry);
        Assert.Equal(2, node.CallsOf("getindexinfo"));
        tenMinutesLater.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"] = 0,
            ["bitcoin_index_synced{index=\"txindex\"}"] = 1,
            ["bitcoin_exporter_data_age_seconds{method=\"getindexinfo\"}"] = 0,
            ["bitcoin_exporter_errors_total{type=\"method_not_found\"}"] = 1,
        });
    }

    [Theory]
    [InlineData(SimulatedFault.DropConnection, "connection")]
    [InlineData(SimulatedFault.WarmingUp, "warmup")]
    public async Task Methods_the_node_lacked_are_asked_again_right_after_it_was_unreachable_or_warming_up(SimulatedFault fault, string errorType)
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.MissingMethods.Add("getindexinfo");
        await using var exporter = await StartExporterAsync(node);
        await exporter.ScrapeAsync();

        node.Fault = fault;
        var restarting = await exporter.ScrapeAsync();
        node.Fault = SimulatedFault.None;
        node.MissingMethods.Clear();
        var restarted = await exporter.ScrapeAsync();

        restarting.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_up"] = 0,
            [$"bitcoin_exporter_errors_total{{type=\"{errorType}\"}}"] = 1,
            ["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"] = 0,
        });
        restarted.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_up"] = 1,
            ["bitcoin_index_synced{index=\"txindex\"}"] = 1,
            ["bitcoin_index_best_block_height{index=\"basic block filter index\"}"] = 850000,
        });
    }

    [Fact]
    public async Task Methods_the_node_lacked_are_asked_again_when_its_version_changes()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.MissingMethods.Add("getindexinfo");
        node.MissingMethods.Add("getblockstats");
        await using var exporter = await StartExporterAsync(node);
        await exporter.ScrapeAsync();

        // Upgraded in place: uptime kept growing (the restart fell between two scrapes), only the version tells.
        node.MissingMethods.Clear();
        node.Change(results =>
        {
            results["getnetworkinfo"]!["subversion"] = "/Satoshi:31.1.0/";
            results["getnetworkinfo"]!["version"] = 310100;
        });
        var upgraded = await exporter.ScrapeAsync();
        var next = await exporter.ScrapeAsync();

        // getblockstats runs after the version check in the same collection; getindexinfo waits for the next one.
        upgraded.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_latest_block_height"] = 893000,
            ["bitcoin_exporter_rpc_method_unsupported{method=\"getblockstats\"}"] = 0,
            ["bitcoin_exporter_rpc_method_unsupported{method=\"getindexinfo\"}"] = 0,
        });
        Assert.False(upgraded.HasFamily("bitcoin_index_synced"));
        next.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_index_synced{index=\"txindex\"}"] = 1,
            ["bitcoin_node_info{chain=\"main\",subversion=\"/Satoshi:31.1.0/\"}"] = 1,
        });
        Assert.Equal(2, node.CallsOf("getindexinfo"));
    }

    [Fact]
    public async Task A_batch_answer_missing_entries_costs_only_those_methods_which_keep_their_last_values_and_age()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        await using var exporter = await StartExporterAsync(node);
        await exporter.ScrapeAsync();

        node.OmittedFromBatch.Add("getmempoolinfo");
        node.Change(results => results["getmempoolinfo"]!["size"] = 1);
        _clock.Advance(TimeSpan.FromSeconds(60));
        var metrics = await exporter.ScrapeAsync();

        metrics.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_up"] = 1,
            ["bitcoin_mempool_size"] = 4125,
            ["bitcoin_exporter_data_age_seconds{method=\"getmempoolinfo\"}"] = 60,
            ["bitcoin_exporter_data_age_seconds{method=\"getblockchaininfo\"}"] = 0,
            ["bitcoin_exporter_rpc_errors_total{method=\"getmempoolinfo\"}"] = 1,
            ["bitcoin_exporter_rpc_errors_total{method=\"getnetworkinfo\"}"] = 0,
            ["bitcoin_exporter_errors_total{type=\"invalid_response\"}"] = 1,
            ["bitcoin_exporter_errors_total{type=\"rpc_error\"}"] = 0,
            ["bitcoin_exporter_rpc_method_unsupported{method=\"getmempoolinfo\"}"] = 0,
        });
    }

    [Fact]
    public async Task A_collection_cut_off_by_its_deadline_lasts_exactly_the_deadline_and_counts_one_timeout()
    {
        await using var node = await BitcoinCoreSimulator.StartAsync();
        node.Fault = SimulatedFault.Hang;
        await using var exporter = await StartExporterAsync(node);

        // Prometheus' default scrape timeout: the collection may take 10 s - 0.5 s.
        var scrape = exporter.ScrapeAsync(scrapeTimeoutSeconds: 10);
        await node.RequestHanging.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(9.5));
        var metrics = await scrape;

        metrics.AssertValues(new Dictionary<string, double>
        {
            ["bitcoin_up"] = 0,
            ["bitcoin_exporter_errors_total{type=\"timeout\"}"] = 1,
            ["bitcoin_exporter_collection_deadline_seconds"] = 9.5,
            ["bitcoin_exporter_collection_duration_seconds"] = 9.5,
            ["bitcoin_exporter_rpc_request_duration_seconds{batch=\"collection\"}"] = 9.5,
        });
        Assert.False(metrics.Has("bitcoin_exporter_rpc_request_duration_seconds{batch=\"per_block\"}"));
    }

    private Task<ExporterHost> StartExporterAsync(BitcoinCoreSimulator node) =>
        ExporterHost.StartAsync(
            new Dictionary<string, string?> { ["BITCOIN_RPC_URL"] = node.UrlWithCredentials },
            builder => builder.Services.AddSingleton<TimeProvider>(_clock));
}
