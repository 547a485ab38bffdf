using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Peers;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Sync;

/// <summary>
/// The nodes' health checks as Aspire runs them: the registrations AddGeth and AddBitcoinCore put in the app's
/// services, resolved and run by the app's <see cref="HealthCheckService"/> for the keys of the node's
/// <see cref="HealthCheckAnnotation"/>s, against the node's allocated endpoint.
/// </summary>
public class NodeRpcHealthCheckTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anvil")]
    [InlineData("ganache")]
    public async Task Geth_is_healthy_when_its_rpc_answers(string program)
    {
        await using var node = await EthereumDevPeer.StartAsync(program, Cancel);
        var builder = ModelBuilders.Run();
        var geth = builder.AddGeth("geth").Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, node.Port);

        var health = await CheckAsync(builder, geth);

        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Bitcoin_core_is_healthy_when_its_rpc_answers_with_the_configured_credentials()
    {
        await using var bcoin = await BcoinRegtestPeer.StartAsync(Cancel);
        var builder = ModelBuilders.Run(("Parameters:bitcoin-rpc-password", bcoin.ApiKey));
        var bitcoin = builder.AddBitcoinCore("bitcoin").Resource;
        NodeCommandRunner.PointEndpointAt(bitcoin, BitcoinCoreResource.RpcEndpointName, bcoin.Port);

        var health = await CheckAsync(builder, bitcoin);

        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Node_is_unhealthy_when_nothing_answers_on_its_rpc_port()
    {
        var builder = ModelBuilders.Run(("Parameters:bitcoin-rpc-password", "pw"));
        var geth = builder.AddGeth("geth").Resource;
        var bitcoin = builder.AddBitcoinCore("bitcoin").Resource;
        NodeCommandRunner.PointEndpointAt(geth, GethResource.HttpEndpointName, LoopbackPort.Free());
        NodeCommandRunner.PointEndpointAt(bitcoin, BitcoinCoreResource.RpcEndpointName, LoopbackPort.Free());

        var health = await CheckEachAsync(builder, geth, bitcoin);
        var (gethHealth, bitcoinHealth) = (health[0], health[1]);

        Assert.Equal(HealthStatus.Unhealthy, gethHealth.Status);
        Assert.StartsWith("geth RPC: ", gethHealth.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, bitcoinHealth.Status);
        Assert.StartsWith("bitcoin RPC: ", bitcoinHealth.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bitcoin_core_loading_its_block_index_is_unhealthy_so_dependents_keep_waiting()
    {
        await using var core = await BitcoinCoreSimulator.StartAsync();
        core.Fault = SimulatedFault.WarmingUp;
        var builder = ModelBuilders.Run(("Parameters:bitcoin-rpc-user", core.User), ("Parameters:bitcoin-rpc-password", core.Password));
        var bitcoin = builder.AddBitcoinCore("bitcoin").Resource;
        NodeCommandRunner.PointEndpointAt(bitcoin, BitcoinCoreResource.RpcEndpointName, core.Url.Port);

        var health = await CheckAsync(builder, bitcoin);

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("bitcoin RPC: getblockchaininfo failed: Loading block index… (code -28)", health.Description);
    }

    [Fact]
    public async Task Node_whose_endpoint_is_not_allocated_yet_is_unhealthy()
    {
        var builder = ModelBuilders.Run();
        var geth = builder.AddGeth("geth").Resource;

        var health = await CheckAsync(builder, geth);

        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("geth has no RPC endpoint yet.", health.Description);
    }

    private static async Task<HealthReportEntry> CheckAsync(IDistributedApplicationBuilder builder, IResource node) =>
        Assert.Single(await CheckEachAsync(builder, node));

    // What Aspire's ResourceHealthCheckService does for each running resource: run the registrations named by its annotations.
    private static async Task<List<HealthReportEntry>> CheckEachAsync(IDistributedApplicationBuilder builder, params IResource[] nodes)
    {
        await using var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var entries = new List<HealthReportEntry>();
        foreach (var node in nodes)
        {
            var keys = node.Annotations.OfType<HealthCheckAnnotation>().Select(annotation => annotation.Key).ToHashSet();
            var report = await health.CheckHealthAsync(registration => keys.Contains(registration.Name), Cancel);
            entries.Add(Assert.Single(report.Entries).Value);
        }

        return entries;
    }
}
