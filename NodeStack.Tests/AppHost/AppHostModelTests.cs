using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Profiles;
using NodeStack.Hosting.Sync;

namespace NodeStack.Tests.AppHost;

public class AppHostModelTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_profile_runs_a_dev_geth_a_regtest_bitcoin_core_and_the_exporter()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(Cancel);

        var geth = Assert.IsType<GethResource>(Resource(builder, "geth"));
        var bitcoin = Assert.IsType<BitcoinCoreResource>(Resource(builder, "bitcoin"));
        var exporter = Assert.IsType<ProjectResource>(Resource(builder, "bitcoin-exporter"));
        Assert.Equal(EthereumNetwork.Dev, geth.Network);
        Assert.Equal(5, geth.DevBlockPeriodSeconds);
        Assert.Equal(BitcoinNetwork.Regtest, bitcoin.Network);
        Assert.DoesNotContain(builder.Resources, r => r is LighthouseResource);
        Assert.Empty(exporter.Annotations.OfType<WaitAnnotation>());
        Assert.Contains(builder.Resources, r => r is NodeSyncStateResource { Name: "geth-sync" });
        Assert.Contains(builder.Resources, r => r is NodeSyncStateResource { Name: "bitcoin-sync" });
    }

    [Theory]
    [InlineData("sepolia", EthereumNetwork.Sepolia)]
    [InlineData("hoodi", EthereumNetwork.Hoodi)]
    [InlineData("Mainnet", EthereumNetwork.Mainnet)]
    public async Task Public_ethereum_profile_adds_lighthouse(string setting, EthereumNetwork network)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            [$"--NodeStack:Ethereum:Network={setting}"], Cancel);

        var geth = Assert.IsType<GethResource>(Resource(builder, "geth"));
        var lighthouse = Assert.IsType<LighthouseResource>(Resource(builder, "lighthouse"));
        Assert.Equal(network, geth.Network);
        Assert.Same(geth, lighthouse.ExecutionClient);
    }

    [Theory]
    [InlineData("signet", BitcoinNetwork.Signet, 38332)]
    [InlineData("testnet4", BitcoinNetwork.Testnet4, 48332)]
    [InlineData("main", BitcoinNetwork.Main, 8332)]
    public async Task Public_bitcoin_profile_follows_the_network_with_its_ports_and_storage_settings(string setting, BitcoinNetwork network, int rpcPort)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            [$"--NodeStack:Bitcoin:Network={setting}", "--NodeStack:Bitcoin:Prune=2000"], Cancel);

        var bitcoin = Assert.IsType<BitcoinCoreResource>(Resource(builder, "bitcoin"));
        Assert.Equal(network, bitcoin.Network);
        Assert.Equal(rpcPort, bitcoin.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "rpc").TargetPort);
        Assert.Equal(2000, bitcoin.PruneMegabytes);
        Assert.False(bitcoin.TxIndex);
    }

    [Fact]
    public async Task Tx_index_and_dev_block_period_settings_reach_the_nodes()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Bitcoin:TxIndex=true", "--NodeStack:Ethereum:DevBlockPeriod=0"], Cancel);

        Assert.True(Assert.IsType<BitcoinCoreResource>(Resource(builder, "bitcoin")).TxIndex);
        Assert.Equal(0, Assert.IsType<GethResource>(Resource(builder, "geth")).DevBlockPeriodSeconds);
    }

    [Theory]
    [InlineData("--NodeStack:Ethereum:Network=goerli", "NodeStack:Ethereum:Network = 'goerli' is not valid. Allowed values: dev, sepolia, hoodi, mainnet.")]
    [InlineData("--NodeStack:Bitcoin:Network=testnet3", "NodeStack:Bitcoin:Network = 'testnet3' is not valid. Allowed values: regtest, signet, testnet4, main.")]
    [InlineData("--NodeStack:Bitcoin:Network=1", "NodeStack:Bitcoin:Network = '1' is not valid. Allowed values: regtest, signet, testnet4, main.")]
    [InlineData("--NodeStack:Ethereum:DevBlockPeriod=-1", "NodeStack:Ethereum:DevBlockPeriod = '-1' is not valid. Allowed values: 0 or more seconds.")]
    [InlineData("--NodeStack:Bitcoin:TxIndex=yes", "NodeStack:Bitcoin:TxIndex = 'yes' is not valid. Allowed values: true, false.")]
    [InlineData("--NodeStack:Bitcoin:Prune=100", "NodeStack:Bitcoin:Prune = '100' is too small. Allowed values: 0 (no pruning) or at least 550 MiB.")]
    [InlineData("--NodeStack:Monitoring:Retention=1h", "NodeStack:Monitoring:Retention = '1h' is not valid. Allowed values: a Prometheus duration from 2h to 3650d, such as 15d (units y, w, d, h, m, s, ms).")]
    [InlineData("--NodeStack:Monitoring:Retention=15 days", "NodeStack:Monitoring:Retention = '15 days' is not valid. Allowed values: a Prometheus duration from 2h to 3650d, such as 15d (units y, w, d, h, m, s, ms).")]
    [InlineData("--NodeStack:Monitoring:ScrapeInterval=10m", "NodeStack:Monitoring:ScrapeInterval = '10m' is not valid. Allowed values: a Prometheus duration from 1s to 5m, such as 15s (units y, w, d, h, m, s, ms).")]
    [InlineData("--NodeStack:Monitoring:PrometheusPort=70000", "NodeStack:Monitoring:PrometheusPort = '70000' is not valid. Allowed values: a TCP port from 1 to 65535, or empty for a free port.")]
    [InlineData("--NodeStack:Monitoring:GrafanaPort=grafana", "NodeStack:Monitoring:GrafanaPort = 'grafana' is not valid. Allowed values: a TCP port from 1 to 65535, or empty for a free port.")]
    [InlineData("--Parameters:bitcoin-rpc-user=alice:smith", "Parameters:bitcoin-rpc-user = 'alice:smith' is not valid. Allowed values: a user name without ':' (bitcoind's -rpcauth separates the user from its hash with ':').")]
    [InlineData("--NodeStack:Images:Registry=https://mirror.example", "NodeStack:Images:Registry = 'https://mirror.example' is not valid. Allowed values: " +
        "empty (each image's own registry) or a registry host with optional port and path, without scheme or trailing '/', such as mirror.example:5000 or ghcr.io/me/mirror.")]
    [InlineData("--NodeStack:Etherium:Network=sepolia", "NodeStack:Etherium:Network is not a known setting. Known settings under NodeStack: Bitcoin, Ethereum, Images, Kubernetes, Monitoring, Nodes, Snapshot, Snapshots.")]
    [InlineData("--NodeStack:Bitcoin:Prunes=1000", "NodeStack:Bitcoin:Prunes is not a known setting. Known settings under NodeStack:Bitcoin: DbCacheMegabytes, Network, Prune, TxIndex.")]
    [InlineData("--NodeStack:Nodes:Lifespan=persistent", "NodeStack:Nodes:Lifespan is not a known setting. Known settings under NodeStack:Nodes: Lifetime.")]
    [InlineData("--NodeStack:Ethereum:Network:0=sepolia", "NodeStack:Ethereum:Network:0 is not a known setting: NodeStack:Ethereum:Network takes a single value.")]
    [InlineData("--NodeStack:Kubernetes:StorageClas=standard", "NodeStack:Kubernetes:StorageClas is not a known setting. Known settings under NodeStack:Kubernetes: " +
        "ClusterDomain, DestroyDeletesCluster, DestroyDeletesData, ImageRegistry, K3dCluster, KubeContext, LogsOtlpEndpoint, NamespacePrefix, RolloutTimeout, StorageClass.")]
    public async Task Invalid_setting_stops_the_apphost_naming_the_setting_and_its_allowed_values(string argument, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>([argument], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Contains(message, settingsError.Errors);
    }

    [Theory]
    [InlineData("--Parameters:lighthouse-checkpoint-sync-url=checkpoint-sync.sepolia.ethpandaops.io")]
    [InlineData("--Parameters:lighthouse-checkpoint-sync-url=ftp://checkpoint-sync.sepolia.ethpandaops.io")]
    public async Task Checkpoint_sync_url_that_is_not_an_http_url_stops_the_apphost(string argument)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Ethereum:Network=sepolia", argument], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Equal(
            $"Parameters:lighthouse-checkpoint-sync-url = '{argument.Split('=', 2)[1]}' is not valid. Allowed values: an absolute http or https URL " +
            "of a trusted Beacon API serving finalized states, such as https://checkpoint-sync.sepolia.ethpandaops.io.",
            Assert.Single(settingsError.Errors));
    }

    [Theory]
    [InlineData("0123456789abcdef0123", "it has 20 characters, not 64")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", "it holds characters other than the hex digits 0-9 and a-f")]
    public async Task Jwt_secret_that_is_not_64_hex_digits_stops_the_apphost_saying_why_without_showing_it(string secret, string problem)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Ethereum:Network=hoodi", $"--Parameters:geth-jwt-secret={secret}"], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Equal(
            $"Parameters:geth-jwt-secret = (secret, not shown) is not valid: {problem}. Allowed values: 64 hex digits (32 bytes), such as `openssl rand -hex 32` prints.",
            Assert.Single(settingsError.Errors));
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_parameters_and_every_documented_setting_are_accepted_whatever_their_case()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Ethereum:Network=sepolia", "--nodestack:ethereum:devblockperiod=2", "--NodeStack:Bitcoin:Network=signet",
             "--NodeStack:Bitcoin:TxIndex=true", "--NodeStack:Bitcoin:Prune=0", "--NodeStack:Nodes:Lifetime=session",
             "--NodeStack:Monitoring:Retention=30d", "--NodeStack:Monitoring:ScrapeInterval=30s",
             "--NodeStack:Monitoring:PrometheusPort=19090", "--NodeStack:Monitoring:GrafanaPort=13000",
             "--NodeStack:Kubernetes:StorageClass=standard", "--NodeStack:Kubernetes:NamespacePrefix=lab1-", "--NodeStack:Kubernetes:RolloutTimeout=00:05:00",
             "--Parameters:bitcoin-rpc-user=alice", "--Parameters:geth-jwt-secret=" + new string('a', 32) + new string('F', 32),
             "--Parameters:lighthouse-checkpoint-sync-url=http://beacon.example:5052"], Cancel);

        var lighthouse = Assert.IsType<LighthouseResource>(Resource(builder, "lighthouse"));
        Assert.Equal("http://beacon.example:5052", await lighthouse.CheckpointSyncUrl.GetValueAsync(Cancel));
        Assert.Equal("alice", await Assert.IsType<BitcoinCoreResource>(Resource(builder, "bitcoin")).RpcUser.GetValueAsync(Cancel));
    }

    [Fact]
    public async Task The_same_host_port_for_Prometheus_and_Grafana_is_rejected_at_startup()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Monitoring:PrometheusPort=9090", "--NodeStack:Monitoring:GrafanaPort=9090"], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Contains("NodeStack:Monitoring:PrometheusPort and NodeStack:Monitoring:GrafanaPort are both 9090: give them different ports.", settingsError.Errors);
    }

    [Fact]
    public async Task Monitoring_settings_reach_Prometheus_and_Grafana()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Monitoring:Retention=30d", "--NodeStack:Monitoring:ScrapeInterval=1m30s",
             "--NodeStack:Monitoring:PrometheusPort=19090", "--NodeStack:Monitoring:GrafanaPort=13000"], Cancel);

        var prometheus = Assert.IsType<PrometheusResource>(Resource(builder, "prometheus"));
        var grafana = Assert.IsType<GrafanaResource>(Resource(builder, "grafana"));
        Assert.Equal(TimeSpan.FromDays(30), prometheus.Settings.Retention);
        Assert.Equal(TimeSpan.FromSeconds(90), prometheus.Settings.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(90), prometheus.Settings.EvaluationInterval);
        Assert.Equal(19090, prometheus.Annotations.OfType<EndpointAnnotation>().Single().Port);
        Assert.Equal(13000, grafana.Annotations.OfType<EndpointAnnotation>().Single().Port);
    }

    [Fact]
    public async Task Default_monitoring_keeps_15_days_scrapes_every_15_seconds_on_free_host_ports()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(Cancel);

        var prometheus = Assert.IsType<PrometheusResource>(Resource(builder, "prometheus"));
        Assert.Equal(new PrometheusSettings(), prometheus.Settings);
        Assert.Null(prometheus.Annotations.OfType<EndpointAnnotation>().Single().Port);
        Assert.Null(Resource(builder, "grafana").Annotations.OfType<EndpointAnnotation>().Single().Port);
    }

    [Fact]
    public async Task Tx_index_with_prune_is_rejected_at_startup()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Bitcoin:TxIndex=true", "--NodeStack:Bitcoin:Prune=1000"], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Contains(settingsError.Errors, e => e.StartsWith("NodeStack:Bitcoin:TxIndex = 'true' and NodeStack:Bitcoin:Prune cannot be combined", StringComparison.Ordinal));
    }

    private static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        Assert.Single(builder.Resources, r => r.Name == name);
}
