using NodeStack.Tests.Fixtures;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;

namespace NodeStack.Tests.Monitoring;

/// <summary>
/// The node lab's nodes from the real integrations, for monitoring tests that compose a model themselves: geth on
/// Sepolia (so Lighthouse is added too), Bitcoin Core on regtest, and the exporter.
/// </summary>
internal static class NodeLabNodes
{
    public static IDistributedApplicationBuilder AddNodes(this IDistributedApplicationBuilder builder)
    {
        builder.AddGethLab(EthereumNetwork.Sepolia).WithDataVolume("geth-data");
        var bitcoin = builder.AddBitcoinCore("bitcoin").WithDataVolume("bitcoin-data");
        builder.AddBitcoinExporter<Projects.NodeStack_Exporter>("bitcoin-exporter", bitcoin);
        return builder;
    }
}
