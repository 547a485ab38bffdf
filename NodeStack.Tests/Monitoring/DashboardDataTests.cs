using System.Globalization;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Monitoring;
using NodeStack.Tests.Exporter;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// Bitcoin panels show data: Debian's real Prometheus, configured by NodeStack's generator from a model with the
/// exporter and Prometheus, scrapes the real exporter, which reads a real bcoin regtest node (blocks mined, a
/// transaction in the mempool, a banned peer) or the Bitcoin Core simulator. Every query of the Bitcoin Core and
/// Overview dashboards must return data, except the panels listed here with the reason; a listed query must stay
/// empty, so the list stays true. docs/verification.md lists the same panels.
/// </summary>
public sealed class DashboardDataTests
{
    private static readonly TimeSpan DataTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] BitcoinDashboards = ["bitcoin-core.json", "overview.json"];

    /// <summary>Overview panels that need Ethereum nodes or a firing alert, which neither Bitcoin source brings.</summary>
    private static readonly Dictionary<string, string> OverviewWithoutBitcoinData = new(StringComparer.Ordinal)
    {
        ["up{job=\"geth\"}"] = "Geth: Ethereum only, no geth runs in this test",
        ["chain_head_block"] = "Execution sync, Geth head block, Ethereum height: geth's metric, no geth runs in this test",
        ["chain_head_header"] = "Execution sync, Ethereum height: geth's metric, no geth runs in this test",
        ["p2p_peers"] = "Geth peers: geth's metric, no geth runs in this test",
        ["beacon_head_state_slot"] = "Consensus sync, Ethereum height: Lighthouse's metric (public networks only), no Lighthouse runs in this test",
        ["slotclock_present_slot"] = "Consensus sync: Lighthouse's metric, no Lighthouse runs in this test",
        ["libp2p_peers"] = "Lighthouse peers: Lighthouse's metric, no Lighthouse runs in this test",
        ["ALERTS{alertstate=\"firing\"}"] = "Firing alerts (table): lists alerts only while one fires, and none fires against a healthy node",
    };

    /// <summary>Bitcoin Core families the exporter cannot serve from bcoin 1.0.2, by what bcoin lacks.</summary>
    private static readonly Dictionary<string, string> BcoinLacks = new(StringComparer.Ordinal)
    {
        ["bitcoin_uptime"] = "Uptime: bcoin has no uptime RPC",
        ["bitcoin_rpc_active"] = "RPC calls in progress: bcoin has no getrpcinfo",
        ["bitcoin_server_version"] = "Server version: bcoin reports its version as a string, not Bitcoin Core's number",
        ["bitcoin_conn_in"] = "Peers (in): bcoin's getnetworkinfo has no connections_in",
        ["bitcoin_conn_out"] = "Peers (out): bcoin's getnetworkinfo has no connections_out",
        ["bitcoin_initial_block_download"] = "Initial block download (both dashboards): bcoin's getblockchaininfo has no initialblockdownload",
        ["bitcoin_size_on_disk"] = "Size on disk: bcoin's getblockchaininfo has no size_on_disk",
        ["bitcoin_txcount"] = "Transactions (chain): bcoin has no getchaintxstats",
        ["bitcoin_index_synced"] = "Indexes synced: bcoin has no getindexinfo",
        ["bitcoin_index_best_block_height"] = "Index heights: bcoin has no getindexinfo",
        ["bitcoin_hashps_neg1"] = "Network hash rate (since the last difficulty change): bcoin rejects getnetworkhashps -1",
        ["bitcoin_est_smart_fee_2"] = "Smart fee estimates: bcoin answers estimatesmartfee with 'fee' (-1 without fee data), not 'feerate'",
        ["bitcoin_est_smart_fee_3"] = "Smart fee estimates: as above",
        ["bitcoin_est_smart_fee_5"] = "Smart fee estimates: as above",
        ["bitcoin_est_smart_fee_20"] = "Smart fee estimates: as above",
        ["bitcoin_mempool_total_fee_btc"] = "Total fees (mempool): bcoin's getmempoolinfo has no total_fee",
        ["bitcoin_mempool_unbroadcast"] = "Transactions (mempool, unbroadcast): bcoin's getmempoolinfo has no unbroadcastcount",
        ["bitcoin_meminfo_used"] = "Locked memory pool: bcoin's getmemoryinfo has no locked-memory stats",
        ["bitcoin_meminfo_free"] = "Locked memory pool: as above",
        ["bitcoin_meminfo_total"] = "Locked memory pool: as above",
        ["bitcoin_meminfo_locked"] = "Locked memory pool: as above",
        ["bitcoin_meminfo_chunks_used"] = "Locked memory chunks: as above",
        ["bitcoin_meminfo_chunks_free"] = "Locked memory chunks: as above",
        ["bitcoin_latest_block_height"] = "Latest block (every panel of the row): bcoin has no getblockstats",
        ["bitcoin_latest_block_txs"] = "Latest block: as above",
        ["bitcoin_latest_block_inputs"] = "Latest block: as above",
        ["bitcoin_latest_block_outputs"] = "Latest block: as above",
        ["bitcoin_latest_block_size"] = "Latest block: as above",
        ["bitcoin_latest_block_weight"] = "Latest block: as above",
        ["bitcoin_latest_block_value"] = "Latest block: as above",
        ["bitcoin_latest_block_fee"] = "Latest block: as above",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_Bitcoin_and_Overview_query_shows_data_from_bcoin_regtest_except_what_bcoin_lacks()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);
        await bcoin.FundWalletAndFillMempoolAsync();
        await bcoin.CallAsync("setban", "192.0.2.4", "add");

        await AssertPanelsShowDataAsync(bcoin.UrlWithCredentials, OverviewWithoutBitcoinData.Concat(BcoinLacks).ToDictionary());
    }

    [Fact]
    public async Task Every_Bitcoin_and_Overview_query_shows_data_from_the_Bitcoin_Core_simulator()
    {
        await using var core = await BitcoinCoreSimulator.StartAsync();

        await AssertPanelsShowDataAsync(core.UrlWithCredentials, OverviewWithoutBitcoinData);
    }

    private static async Task AssertPanelsShowDataAsync(string node, IReadOnlyDictionary<string, string> withoutData)
    {
        await using var exporter = await ExporterHost.StartAsync(new Dictionary<string, string?> { ["BITCOIN_RPC_URL"] = node });
        await using var prometheus = await PrometheusServer.StartAsync(
            port => GeneratedConfigurationAsync(port, exporter.Url),
            MonitoringAssets.PrometheusRules.Select(rule => (Path.Combine(PrometheusResource.RulesFolder, rule.FileName), rule.Content)));
        var queries = BitcoinDashboards
            .SelectMany(dashboard => GrafanaDashboardTests.PanelQueries(GrafanaDashboardTests.Dashboard(dashboard)).Select(query => (Dashboard: dashboard, Query: query)))
            .ToList();
        var deadline = DateTime.UtcNow + DataTimeout;

        foreach (var (dashboard, query) in queries.Where(q => Exception(q.Query, withoutData) is null))
        {
            try
            {
                await prometheus.WaitForSeriesAsync(query.Expression, deadline - DateTime.UtcNow);
            }
            catch (TimeoutException timeout)
            {
                Assert.Fail($"{dashboard} panel '{query.Panel}' shows no data: {timeout.Message}");
            }
        }

        foreach (var (dashboard, query) in queries.Where(q => Exception(q.Query, withoutData) is not null))
        {
            Assert.True((await prometheus.QueryAsync(query.Expression)).GetArrayLength() == 0,
                $"{dashboard} panel '{query.Panel}' is listed as without data ({Exception(query, withoutData)}) but shows data: {query.Expression}");
        }
    }

    private static string? Exception(GrafanaDashboardTests.PanelQuery query, IReadOnlyDictionary<string, string> withoutData) =>
        withoutData.GetValueOrDefault(query.Expression)
        ?? PromQlMetricNames.In(query.Expression).Select(name => withoutData.GetValueOrDefault(name)).FirstOrDefault(reason => reason is not null);

    /// <summary>
    /// prometheus.yml as the AppHost's Prometheus gets it, from the same discovery and generator, for a model with
    /// the exporter and Prometheus: here the exporter's address is where the test runs it, and Prometheus' own
    /// port is the one this Prometheus listens on.
    /// </summary>
    private static async Task<string> GeneratedConfigurationAsync(int prometheusPort, Uri exporterUrl)
    {
        var builder = ModelBuilders.Run();
        var bitcoin = builder.AddBitcoinCore("bitcoin");
        var exporter = builder.AddBitcoinExporter<Projects.NodeStack_Exporter>("bitcoin-exporter", bitcoin);
        var prometheus = builder.AddPrometheus("prometheus")
            .WithScrapeInterval(TimeSpan.FromSeconds(1))
            .WithEndpoint(PrometheusResource.HttpEndpointName, endpoint => endpoint.TargetPort = prometheusPort);

        var targets = await ScrapeTargetDiscovery.DiscoverAsync(
            builder.Resources,
            prometheus.Resource,
            (endpoint, _) => ReferenceEquals(endpoint.Resource, exporter.Resource)
                ? ValueTask.FromResult(exporterUrl.Authority)
                : throw new InvalidOperationException($"Nothing runs for {endpoint.Resource.Name} in this test."),
            Cancel);
        Assert.Equal(
            [("bitcoin-exporter", exporterUrl.Authority), ("prometheus", string.Create(CultureInfo.InvariantCulture, $"localhost:{prometheusPort}"))],
            targets.Select(target => (target.JobName, target.Address)));
        return PrometheusConfigGenerator.Generate(targets, PrometheusConfigGenerator.RuleFilePaths(PrometheusResource.RulesFolder), prometheus.Resource.Settings);
    }
}
