using Aspire.Hosting.Eventing;
using NodeStack.Hosting;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Bitcoin;

public class BitcoinCoreModelTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Bitcoin_core_runs_the_pinned_bitcoin_bitcoin_image_never_latest()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var image = Assert.Single(bitcoin.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("docker.io", image.Registry);
        Assert.Equal("bitcoin/bitcoin", image.Image);
        Assert.Matches(@"^\d+\.\d+$", image.Tag);
        Assert.NotEqual("latest", image.Tag);
    }

    [Theory]
    [InlineData(BitcoinNetwork.Regtest, "regtest", 18443, 18444, "/home/bitcoin/.bitcoin/regtest/debug.log")]
    [InlineData(BitcoinNetwork.Signet, "signet", 38332, 38333, "/home/bitcoin/.bitcoin/signet/debug.log")]
    [InlineData(BitcoinNetwork.Testnet4, "testnet4", 48332, 48333, "/home/bitcoin/.bitcoin/testnet4/debug.log")]
    [InlineData(BitcoinNetwork.Main, "main", 8332, 8333, "/home/bitcoin/.bitcoin/debug.log")]
    public async Task Each_network_gets_its_chain_flag_ports_and_debug_log_path(BitcoinNetwork network, string chain, int rpcPort, int p2pPort, string debugLog)
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin", network).Resource;

        var args = await ModelEvaluation.ArgsAsync(bitcoin, DistributedApplicationOperation.Run);

        Assert.Contains($"-chain={chain}", args);
        Assert.Contains($"-rpcport={rpcPort}", args);
        Assert.Contains($"-port={p2pPort}", args);
        Assert.Contains("-printtoconsole=1", args);
        Assert.Equal(rpcPort, ModelEvaluation.Endpoint(bitcoin, "rpc").TargetPort);
        Assert.Equal(p2pPort, ModelEvaluation.Endpoint(bitcoin, "p2p").TargetPort);
        var log = Assert.Single(bitcoin.Annotations.OfType<NodeLogFileAnnotation>());
        Assert.Equal(new NodeLogFileAnnotation(NodeLogFormats.Bitcoind, debugLog), log);
    }

    [Fact]
    public async Task Zmq_publishes_raw_blocks_block_hashes_and_raw_transactions_on_their_own_endpoints()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var args = await ModelEvaluation.ArgsAsync(bitcoin, DistributedApplicationOperation.Run);

        Assert.Contains("-zmqpubrawblock=tcp://0.0.0.0:28332", args);
        Assert.Contains("-zmqpubhashblock=tcp://0.0.0.0:28332", args);
        Assert.Contains("-zmqpubrawtx=tcp://0.0.0.0:28333", args);
        Assert.Equal(28332, ModelEvaluation.Endpoint(bitcoin, "zmq-block").TargetPort);
        Assert.Equal(28333, ModelEvaluation.Endpoint(bitcoin, "zmq-tx").TargetPort);
    }

    [Fact]
    public async Task Rpc_answers_only_loopback_and_private_networks_and_is_not_published_externally()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var args = await ModelEvaluation.ArgsAsync(bitcoin, DistributedApplicationOperation.Run);

        var allowed = args.Where(a => a.StartsWith("-rpcallowip=", StringComparison.Ordinal)).Select(a => a["-rpcallowip=".Length..]);
        Assert.Equal(["127.0.0.1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], allowed);
        Assert.All(bitcoin.Annotations.OfType<EndpointAnnotation>(), endpoint => Assert.False(endpoint.IsExternal));
    }

    [Theory]
    [InlineData(DistributedApplicationOperation.Run)]
    [InlineData(DistributedApplicationOperation.Publish)]
    public async Task Rpc_password_never_appears_in_bitcoind_arguments_or_environment(DistributedApplicationOperation operation)
    {
        var builder = ModelBuilders.For(operation);
        var bitcoin = builder.AddBitcoinCore("bitcoin").Resource;
        ModelEvaluation.AllocateEndpoints(bitcoin);
        var password = await bitcoin.RpcPassword.GetValueAsync(Cancel);

        var args = await ModelEvaluation.ArgsAsync(bitcoin, operation);
        var env = await ModelEvaluation.EnvAsync(bitcoin, operation);

        Assert.False(string.IsNullOrEmpty(password));
        Assert.DoesNotContain(args, a => a.Contains(password!, StringComparison.Ordinal));
        Assert.DoesNotContain(env.Values, v => v.Contains(password!, StringComparison.Ordinal));
        Assert.Single(args, a => a.StartsWith("-rpcauth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bitcoind_runs_as_the_node_user_the_images_entrypoint_drops_to()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").WithDataVolume().Resource;

        var env = await ModelEvaluation.EnvAsync(bitcoin, DistributedApplicationOperation.Run);

        // The entrypoint needs root to chown the data volume and usermod its bitcoin user, then runs bitcoind as that user.
        Assert.Empty(bitcoin.Annotations.OfType<ContainerUserAnnotation>());
        Assert.Equal("10001", env[BitcoinCoreContainerImageTags.UserIdVariable]);
        Assert.Equal("10001", env[BitcoinCoreContainerImageTags.GroupIdVariable]);
    }

    [Fact]
    public async Task Published_bitcoind_leaves_its_user_to_the_pods_security_context()
    {
        var bitcoin = ModelBuilders.Publish().AddBitcoinCore("bitcoin").Resource;
        ModelEvaluation.AllocateEndpoints(bitcoin);

        var env = await ModelEvaluation.EnvAsync(bitcoin, DistributedApplicationOperation.Publish);

        Assert.DoesNotContain(BitcoinCoreContainerImageTags.UserIdVariable, env.Keys);
        Assert.DoesNotContain(BitcoinCoreContainerImageTags.GroupIdVariable, env.Keys);
    }

    [Fact]
    public async Task Rpcauth_argument_is_computed_from_the_configured_credentials()
    {
        var bitcoin = ModelBuilders.Run(("Parameters:bitcoin-rpc-user", "alice"), ("Parameters:bitcoin-rpc-password", "s3cret"))
            .AddBitcoinCore("bitcoin").Resource;

        var args = await ModelEvaluation.ArgsAsync(bitcoin, DistributedApplicationOperation.Run);

        Assert.Contains("-rpcauth=" + BitcoinRpcAuth.CreateLine("alice", "s3cret"), args);
    }

    [Fact]
    public async Task Generated_rpc_password_is_long_and_needs_no_escaping()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var password = await bitcoin.RpcPassword.GetValueAsync(Cancel);

        Assert.True(bitcoin.RpcPassword.Secret);
        Assert.Matches("^[A-Za-z0-9]{32,}$", password);
        Assert.Equal("nodestack", await bitcoin.RpcUser.GetValueAsync(Cancel));
    }

    [Fact]
    public async Task Connection_string_is_an_rpc_url_with_percent_encoded_credentials()
    {
        var bitcoin = ModelBuilders.Run(("Parameters:bitcoin-rpc-user", "bob smith"), ("Parameters:bitcoin-rpc-password", "p@ss/w:rd"))
            .AddBitcoinCore("bitcoin").Resource;
        ModelEvaluation.AllocateEndpoints(bitcoin);
        var port = ModelEvaluation.Endpoint(bitcoin, "rpc").AllocatedEndpoint!.Port;

        var connectionString = await bitcoin.ConnectionStringExpression.GetValueAsync(Cancel);

        Assert.Equal($"http://bob%20smith:p%40ss%2Fw%3Ard@localhost:{port}", connectionString);
        var url = new Uri(connectionString!);
        Assert.Equal("p@ss/w:rd", Uri.UnescapeDataString(url.UserInfo.Split(':')[1]));
    }

    [Fact]
    public async Task Tx_index_and_prune_become_bitcoind_options()
    {
        var indexed = ModelBuilders.Run().AddBitcoinCore("bitcoin").WithTxIndex().Resource;
        var pruned = ModelBuilders.Run().AddBitcoinCore("bitcoin").WithPrune(1000).Resource;

        Assert.Contains("-txindex=1", await ModelEvaluation.ArgsAsync(indexed, DistributedApplicationOperation.Run));
        var prunedArgs = await ModelEvaluation.ArgsAsync(pruned, DistributedApplicationOperation.Run);
        Assert.Contains("-prune=1000", prunedArgs);
        Assert.DoesNotContain("-txindex=1", prunedArgs);
    }

    [Fact]
    public void Prune_below_550_MiB_and_prune_with_tx_index_are_rejected()
    {
        var tooSmall = Assert.Throws<ArgumentOutOfRangeException>(() => ModelBuilders.Run().AddBitcoinCore("bitcoin").WithPrune(100));
        var combined = Assert.Throws<InvalidOperationException>(() => ModelBuilders.Run().AddBitcoinCore("bitcoin").WithTxIndex().WithPrune(1000));

        Assert.Contains("at least 550 MiB", tooSmall.Message, StringComparison.Ordinal);
        Assert.Contains("-txindex", combined.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_volume_is_mounted_at_the_images_data_directory()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").WithDataVolume().Resource;

        var mount = Assert.Single(bitcoin.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.Volume, mount.Type);
        Assert.Equal("/home/bitcoin/.bitcoin", mount.Target);
        Assert.False(mount.IsReadOnly);
    }

    [Fact]
    public void Regtest_offers_mine_blocks_and_check_sync_and_keeps_a_session_lifetime()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var commands = bitcoin.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name);
        Assert.Equal([NodeSyncBuilderExtensions.CheckSyncCommandName, MineBlocksCommand.Name], commands.Order());
        var mine = bitcoin.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == MineBlocksCommand.Name);
        var count = Assert.Single(mine.Arguments);
        Assert.Equal(("count", InputType.Number, "1"), (count.Name, count.InputType, count.Value));
        Assert.DoesNotContain(bitcoin.Annotations.OfType<ContainerLifetimeAnnotation>(), a => a.Lifetime == ContainerLifetime.Persistent);
    }

    [Theory]
    [InlineData(BitcoinNetwork.Signet)]
    [InlineData(BitcoinNetwork.Testnet4)]
    [InlineData(BitcoinNetwork.Main)]
    public void Public_networks_keep_the_node_in_a_persistent_container_without_mine_blocks(BitcoinNetwork network)
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin", network).Resource;

        Assert.Equal(ContainerLifetime.Persistent, bitcoin.Annotations.OfType<ContainerLifetimeAnnotation>().Last().Lifetime);
        Assert.DoesNotContain(bitcoin.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == MineBlocksCommand.Name);
    }

    [Fact]
    public void Run_mode_shows_sync_state_on_a_child_resource_that_publishers_never_see()
    {
        var run = ModelBuilders.Run();
        run.AddBitcoinCore("bitcoin");
        var publish = ModelBuilders.Publish();
        publish.AddBitcoinCore("bitcoin");

        var sync = Assert.IsType<NodeSyncStateResource>(Assert.Single(run.Resources, r => r.Name == "bitcoin-sync"));
        Assert.Equal("bitcoin", sync.Node.Name);
        Assert.Contains(sync.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent" && r.Resource.Name == "bitcoin");
        Assert.DoesNotContain(publish.Resources, r => r is NodeSyncStateResource);
    }

    [Fact]
    public void Node_is_healthy_only_when_its_rpc_answers()
    {
        var bitcoin = ModelBuilders.Run().AddBitcoinCore("bitcoin").Resource;

        var check = Assert.Single(bitcoin.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Equal("bitcoin_rpc_check", check.Key);
    }
}
