using NodeStack.Hosting;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Monitoring;
using NodeStack.Hosting.Secrets;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Ethereum;

public class GethModelTests
{
    private const int NodeUser = ContainerUserBuilderExtensions.NodeUser;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Geth_and_lighthouse_run_pinned_release_images_never_latest()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGethLab(EthereumNetwork.Sepolia).Resource;

        var gethImage = Assert.Single(geth.Annotations.OfType<ContainerImageAnnotation>());
        var lighthouseImage = Assert.Single(geth.ConsensusClient!.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "ethereum/client-go"), (gethImage.Registry, gethImage.Image));
        Assert.Equal(("docker.io", "sigp/lighthouse"), (lighthouseImage.Registry, lighthouseImage.Image));
        Assert.Matches(@"^v\d+\.\d+\.\d+$", gethImage.Tag);
        Assert.Matches(@"^v\d+\.\d+\.\d+$", lighthouseImage.Tag);
    }

    [Fact]
    public void Geth_exposes_rpc_ws_metrics_authrpc_and_p2p_endpoints_with_udp_discovery()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").Resource;

        var ports = geth.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name, e => e.TargetPort);
        Assert.Equal(new Dictionary<string, int?> { ["http"] = 8545, ["ws"] = 8546, ["metrics"] = 6060, ["authrpc"] = 8551, ["p2p"] = 30303, ["discovery"] = 30303 }, ports);
        Assert.True(ModelEvaluation.IsUdp(ModelEvaluation.Endpoint(geth, "discovery")));
        Assert.All(geth.Annotations.OfType<EndpointAnnotation>(), e => Assert.False(e.IsExternal));
    }

    [Fact]
    public async Task Dev_profile_runs_geth_dev_with_a_block_period_and_no_consensus_client()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGeth("geth").WithDevBlockPeriod(2).Resource;

        var args = await ModelEvaluation.ArgsAsync(geth, DistributedApplicationOperation.Run);

        Assert.Contains("--dev", args);
        Assert.Contains("--dev.period=2", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--authrpc.jwtsecret", StringComparison.Ordinal));
        Assert.Null(geth.ConsensusClient);
        Assert.Null(geth.JwtSecret);
        Assert.DoesNotContain(builder.Resources, r => r is LighthouseResource);
        Assert.Contains(geth.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == MineBlocksCommand.Name);
    }

    [Fact]
    public async Task Rpc_serves_only_safe_namespaces_without_cors_to_named_hosts()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").Resource;

        var args = await ModelEvaluation.ArgsAsync(geth, DistributedApplicationOperation.Run);

        Assert.Contains("--http.api=eth,net,web3,txpool", args);
        Assert.Contains("--ws.api=eth,net,web3,txpool", args);
        Assert.DoesNotContain(args, a => a.Contains("admin", StringComparison.Ordinal) || a.Contains("debug", StringComparison.Ordinal)
                                          || a.Contains("personal", StringComparison.Ordinal));
        Assert.DoesNotContain(args, a => a.StartsWith("--http.corsdomain", StringComparison.Ordinal) || a.Contains('*', StringComparison.Ordinal));
        Assert.Contains("--http.vhosts=localhost,geth", args);
        Assert.Contains("--authrpc.vhosts=localhost,geth", args);
    }

    [Fact]
    public async Task Geth_serves_prometheus_metrics_and_writes_a_rotated_log_file_in_its_data_volume()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").WithDataVolume().Resource;

        var args = await ModelEvaluation.ArgsAsync(geth, DistributedApplicationOperation.Run);

        Assert.Equal(["--metrics", "--metrics.addr=0.0.0.0", "--metrics.port=6060"], args.Where(a => a.StartsWith("--metrics", StringComparison.Ordinal)));
        Assert.Equal(new PrometheusScrapeAnnotation("metrics", "/debug/metrics/prometheus", "geth"), geth.Annotations.OfType<PrometheusScrapeAnnotation>().Single());
        Assert.Contains("--log.file=/data/logs/geth.log", args);
        Assert.Contains("--log.rotate", args);
        Assert.Equal(new NodeLogFileAnnotation(NodeLogFormats.Geth, "/data/logs/geth.log"), geth.Annotations.OfType<NodeLogFileAnnotation>().Single());
        Assert.Equal("/data", Assert.Single(geth.Annotations.OfType<ContainerMountAnnotation>()).Target);
    }

    [Theory]
    [InlineData(EthereumNetwork.Sepolia, "--sepolia", "https://checkpoint-sync.sepolia.ethpandaops.io")]
    [InlineData(EthereumNetwork.Hoodi, "--hoodi", "https://checkpoint-sync.hoodi.ethpandaops.io")]
    [InlineData(EthereumNetwork.Mainnet, "--mainnet", "https://mainnet.checkpoint.sigp.io")]
    public async Task Public_network_adds_lighthouse_waiting_for_geth_with_a_checkpoint_sync_default(EthereumNetwork network, string gethFlag, string checkpoint)
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGethLab(network).Resource;
        var lighthouse = Assert.Single(builder.Resources.OfType<LighthouseResource>());

        var gethArgs = await ModelEvaluation.ArgsAsync(geth, DistributedApplicationOperation.Publish);
        var lighthouseArgs = await ModelEvaluation.ArgsAsync(lighthouse, DistributedApplicationOperation.Publish);

        Assert.Equal("lighthouse", lighthouse.Name);
        Assert.Contains(gethFlag, gethArgs);
        Assert.DoesNotContain("--dev", gethArgs);
        Assert.Contains($"--network={network.FlagName()}", lighthouseArgs);
        Assert.Contains("--execution-endpoint={geth.bindings.authrpc.url}", lighthouseArgs);
        Assert.Equal(checkpoint, await lighthouse.CheckpointSyncUrl.GetValueAsync(Cancel));
        // It can live without geth (it retries the Engine API), so it does not wait for it.
        Assert.Empty(lighthouse.Annotations.OfType<WaitAnnotation>());
        Assert.DoesNotContain(geth.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == MineBlocksCommand.Name);
    }

    [Fact]
    public async Task Lighthouse_reaches_geths_engine_api_by_its_container_name_on_the_container_network()
    {
        var (_, args) = await SepoliaLighthouseRunArgsAsync();

        Assert.Contains("--execution-endpoint=http://geth:8551", args);
        Assert.Contains("--execution-jwt=/run/secrets/nodestack/jwt.hex", args);
        Assert.Contains("--checkpoint-sync-url=https://checkpoint-sync.sepolia.ethpandaops.io", args);
    }

    [Fact]
    public async Task Lighthouse_listens_for_QUIC_on_the_udp_port_its_endpoint_names_and_logs_without_colour()
    {
        var (lighthouse, args) = await SepoliaLighthouseRunArgsAsync();

        Assert.Contains("--quic-port=9001", args);
        Assert.DoesNotContain("--disable-quic", args);
        Assert.True(ModelEvaluation.IsUdp(ModelEvaluation.Endpoint(lighthouse, "quic")));
        Assert.Contains("--log-color=false", args);
        Assert.DoesNotContain("--logfile-color", args);
    }

    private static async Task<(LighthouseResource Lighthouse, string[] Args)> SepoliaLighthouseRunArgsAsync()
    {
        var geth = ModelBuilders.Run().AddGethLab(EthereumNetwork.Sepolia).Resource;
        ModelEvaluation.AllocateEndpoints(geth);
        ModelEvaluation.AllocateEndpoints(geth.ConsensusClient!);
        return (geth.ConsensusClient!, await ModelEvaluation.ArgsAsync(geth.ConsensusClient!, DistributedApplicationOperation.Run));
    }

    [Fact]
    public void Public_network_keeps_geth_and_lighthouse_in_persistent_containers_with_data_volumes()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGethLab(EthereumNetwork.Sepolia).Resource;

        Assert.Equal(ContainerLifetime.Persistent, geth.Annotations.OfType<ContainerLifetimeAnnotation>().Last().Lifetime);
        Assert.Equal(ContainerLifetime.Persistent, geth.ConsensusClient!.Annotations.OfType<ContainerLifetimeAnnotation>().Last().Lifetime);
        Assert.Equal("/data", Assert.Single(geth.ConsensusClient.Annotations.OfType<ContainerMountAnnotation>()).Target);
    }

    [Fact]
    public void Lighthouse_exposes_its_beacon_api_and_metrics_for_prometheus()
    {
        var lighthouse = ModelBuilders.Run().AddGethLab(EthereumNetwork.Hoodi).Resource.ConsensusClient!;

        var ports = lighthouse.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name, e => e.TargetPort);
        Assert.Equal(new Dictionary<string, int?> { ["http"] = 5052, ["metrics"] = 5054, ["p2p"] = 9000, ["discovery"] = 9000, ["quic"] = 9001 }, ports);
        Assert.Equal(new PrometheusScrapeAnnotation("metrics", "/metrics", "lighthouse"), lighthouse.Annotations.OfType<PrometheusScrapeAnnotation>().Single());
        Assert.Equal(NodeLogFormats.Lighthouse, lighthouse.Annotations.OfType<NodeLogFileAnnotation>().Single().Format);
    }

    [Fact]
    public void Geth_and_lighthouse_share_one_generated_jwt_secret_delivered_as_the_same_file()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGethLab(EthereumNetwork.Mainnet).Resource;

        var gethFile = Assert.Single(geth.Annotations.OfType<ContainerSecretFileAnnotation>());
        var lighthouseFile = Assert.Single(geth.ConsensusClient!.Annotations.OfType<ContainerSecretFileAnnotation>());
        Assert.Same(geth.JwtSecret, gethFile.Secret);
        Assert.Same(geth.JwtSecret, lighthouseFile.Secret);
        Assert.Equal("/run/secrets/nodestack/jwt.hex", gethFile.ContainerPath);
        Assert.Equal(gethFile.ContainerPath, lighthouseFile.ContainerPath);
        Assert.True(geth.JwtSecret!.Secret);
        Assert.Contains(builder.Resources, r => ReferenceEquals(r, geth.JwtSecret));
    }

    [Fact]
    public async Task Jwt_secret_file_holds_the_parameter_value_as_64_hex_digits_readable_by_the_node_user_only()
    {
        var geth = ModelBuilders.Run().AddGethLab(EthereumNetwork.Sepolia).Resource;

        foreach (var node in new ContainerResource[] { geth, geth.ConsensusClient! })
        {
            var file = Assert.IsType<ContainerFile>(Assert.Single(await ModelEvaluation.ContainerFilesAsync(node, "/run/secrets/nodestack")));
            Assert.Equal("jwt.hex", file.Name);
            Assert.Equal((UnixFileMode.UserRead, NodeUser, NodeUser), (file.Mode, file.Owner, file.Group));
            Assert.Equal(await geth.JwtSecret!.GetValueAsync(Cancel), file.Contents);
            Assert.Matches("^[0-9a-f]{64}$", file.Contents);
        }
    }

    [Theory]
    [InlineData(EthereumNetwork.Dev)]
    [InlineData(EthereumNetwork.Sepolia)]
    public async Task Geth_and_Lighthouse_run_as_the_non_root_node_user_who_owns_their_data_directory(EthereumNetwork network)
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGethLab(network).WithDataVolume().Resource;

        foreach (var node in new ContainerResource?[] { geth, geth.ConsensusClient }.OfType<ContainerResource>())
        {
            var dataDirectory = Assert.IsType<ContainerDirectory>(Assert.Single(await ModelEvaluation.ContainerFilesAsync(node, "/")));
            Assert.Equal(new ContainerUserAnnotation(NodeUser, NodeUser), Assert.Single(node.Annotations.OfType<ContainerUserAnnotation>()));
            Assert.Equal(["--user", "10001:10001"], await ModelEvaluation.RuntimeArgsAsync(node));
            Assert.Equal(("data", NodeUser, NodeUser), (dataDirectory.Name, dataDirectory.Owner, dataDirectory.Group));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, dataDirectory.Mode);
        }
    }

    [Fact]
    public void Publishing_leaves_volume_ownership_to_Kubernetes()
    {
        var geth = ModelBuilders.Publish().AddGethLab(EthereumNetwork.Sepolia).Resource;

        Assert.DoesNotContain(geth.Annotations.OfType<ContainerFileSystemCallbackAnnotation>(), files => files.DestinationPath == "/");
        Assert.DoesNotContain(geth.ConsensusClient!.Annotations.OfType<ContainerFileSystemCallbackAnnotation>(), files => files.DestinationPath == "/");
    }

    [Theory]
    [InlineData(DistributedApplicationOperation.Run)]
    [InlineData(DistributedApplicationOperation.Publish)]
    public async Task Jwt_secret_never_appears_in_geth_or_lighthouse_arguments_or_environment(DistributedApplicationOperation operation)
    {
        var builder = ModelBuilders.For(operation);
        var geth = builder.AddGethLab(EthereumNetwork.Sepolia).Resource;
        var lighthouse = geth.ConsensusClient!;
        ModelEvaluation.AllocateEndpoints(geth);
        ModelEvaluation.AllocateEndpoints(lighthouse);
        var jwt = await geth.JwtSecret!.GetValueAsync(Cancel);

        foreach (var resource in new IResource[] { geth, lighthouse })
        {
            var args = await ModelEvaluation.ArgsAsync(resource, operation);
            var env = await ModelEvaluation.EnvAsync(resource, operation);
            Assert.DoesNotContain(args, a => a.Contains(jwt!, StringComparison.Ordinal));
            Assert.DoesNotContain(env.Values, v => v.Contains(jwt!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Connection_string_is_the_http_rpc_url()
    {
        var geth = ModelBuilders.Run().AddGeth("geth").Resource;
        ModelEvaluation.AllocateEndpoints(geth);
        var port = ModelEvaluation.Endpoint(geth, "http").AllocatedEndpoint!.Port;

        Assert.Equal($"http://localhost:{port}", await geth.ConnectionStringExpression.GetValueAsync(Cancel));
        Assert.Equal("{geth.bindings.http.url}", geth.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public void Lighthouse_cannot_drive_a_dev_chain()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGeth("geth");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLighthouse("lighthouse", geth));

        Assert.Contains("public networks only", error.Message, StringComparison.Ordinal);
    }

}
