using k8s.Models;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Profiles;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Kubernetes;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// Bitcoin Core's <c>-dbcache</c> and geth's <c>--cache</c>: a default per profile that fits the node container's memory
/// limit (Bitcoin Core 31 would otherwise take 1024 MiB on any host with 4 GiB, geth 4096 MB on mainnet), the same value in
/// the local run and the publish, and a setting that does not fit stops the AppHost naming it.
/// </summary>
public class NodeCacheTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(BitcoinNetwork.Regtest, 64)]
    [InlineData(BitcoinNetwork.Signet, 450)]
    [InlineData(BitcoinNetwork.Testnet4, 450)]
    [InlineData(BitcoinNetwork.Main, 1024)]
    public async Task Bitcoin_Core_gets_its_profiles_dbcache_in_both_runtimes_and_it_fits_with_the_mempool(BitcoinNetwork network, int megabytes)
    {
        var args = await ArgsInBothRuntimesAsync(builder => builder.AddBitcoinCore("bitcoin", network).Resource);

        Assert.All(args, runtime => Assert.Contains($"-dbcache={megabytes}", runtime));
        var limit = BitcoinCoreKubernetes.Sizing(network).MemoryLimitMebibytes;
        Assert.True(megabytes + BitcoinDbCache.MempoolMegabytes <= limit * 3 / 4, $"{megabytes} MiB and the mempool exceed 3/4 of {limit} MiB");
    }

    [Theory]
    [InlineData(EthereumNetwork.Dev, 256)]
    [InlineData(EthereumNetwork.Sepolia, 2048)]
    [InlineData(EthereumNetwork.Hoodi, 2048)]
    [InlineData(EthereumNetwork.Mainnet, 4096)]
    public async Task Geth_gets_its_profiles_cache_in_both_runtimes_and_it_fits_a_third_of_its_memory_limit(EthereumNetwork network, int megabytes)
    {
        var args = await ArgsInBothRuntimesAsync(builder => builder.AddGeth("geth", network).Resource);

        Assert.All(args, runtime => Assert.Contains($"--cache={megabytes}", runtime));
        Assert.True(megabytes <= GethKubernetes.Sizing(network).MemoryLimitMebibytes / 3);
    }

    [Fact]
    public async Task Cache_settings_reach_the_nodes()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Bitcoin:DbCacheMegabytes=200", "--NodeStack:Ethereum:CacheMegabytes=300"], Cancel);

        Assert.Equal(200, Assert.IsType<BitcoinCoreResource>(Assert.Single(builder.Resources, r => r.Name == "bitcoin")).DbCacheMegabytes);
        Assert.Equal(300, Assert.IsType<GethResource>(Assert.Single(builder.Resources, r => r.Name == "geth")).CacheMegabytes);
    }

    [Theory]
    [InlineData("--NodeStack:Bitcoin:DbCacheMegabytes=1300", "--NodeStack:Bitcoin:Network=signet",
        "NodeStack:Bitcoin:DbCacheMegabytes = '1300' does not fit the node's memory limit. Allowed values: 4 to 1236 MiB " +
        "(with the 300 MB mempool, within three quarters of the signet node container's memory limit of 2Gi).")]
    [InlineData("--NodeStack:Bitcoin:DbCacheMegabytes=2", "--NodeStack:Bitcoin:Network=regtest",
        "NodeStack:Bitcoin:DbCacheMegabytes = '2' is not valid. Allowed values: 4 to 468 MiB " +
        "(with the 300 MB mempool, within three quarters of the regtest node container's memory limit of 1Gi).")]
    [InlineData("--NodeStack:Ethereum:CacheMegabytes=4096", "--NodeStack:Ethereum:Network=dev",
        "NodeStack:Ethereum:CacheMegabytes = '4096' does not fit the node's memory limit. Allowed values: 16 to 341 MB " +
        "(a third of the dev geth container's memory limit of 1Gi).")]
    [InlineData("--NodeStack:Ethereum:CacheMegabytes=lots", "--NodeStack:Ethereum:Network=mainnet",
        "NodeStack:Ethereum:CacheMegabytes = 'lots' is not valid. Allowed values: 16 to 5461 MB " +
        "(a third of the mainnet geth container's memory limit of 16Gi).")]
    public async Task A_cache_that_does_not_fit_the_node_container_stops_the_apphost_naming_the_setting(string cache, string network, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>([network, cache], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Equal(message, Assert.Single(settingsError.Errors));
    }

    [Fact]
    public void The_builder_refuses_a_cache_that_does_not_fit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelBuilders.Run().AddBitcoinCore("bitcoin").WithDbCache(1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelBuilders.Run().AddGeth("geth").WithCache(1024));
    }

    [Fact]
    public void The_committed_manifests_pass_the_default_profiles_caches()
    {
        var tree = PublishedTree.Load(Path.Combine(RequiredTool.RepositoryRoot, "k8s"));

        Assert.Contains("-dbcache=64", Assert.Single(tree.All<V1StatefulSet>(), s => s.Metadata.Name == "bitcoin").Spec.Template.Spec.Containers[0].Args);
        Assert.Contains("--cache=256", Assert.Single(tree.All<V1StatefulSet>(), s => s.Metadata.Name == "geth").Spec.Template.Spec.Containers[0].Args);
    }

    private static async Task<List<string[]>> ArgsInBothRuntimesAsync(Func<IDistributedApplicationBuilder, IResource> addNode)
    {
        var args = new List<string[]>();
        foreach (var operation in new[] { DistributedApplicationOperation.Run, DistributedApplicationOperation.Publish })
        {
            args.Add(await ModelEvaluation.ArgsAsync(addNode(ModelBuilders.For(operation)), operation));
        }

        return args;
    }
}
