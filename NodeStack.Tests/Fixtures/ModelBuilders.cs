namespace NodeStack.Tests.Fixtures;

/// <summary>Application builders for model tests: nothing is started.</summary>
public static class ModelBuilders
{
    /// <summary>geth following <paramref name="network"/> as NodeStack's composition adds it: with Lighthouse on a public network.</summary>
    public static IResourceBuilder<NodeStack.Hosting.Ethereum.GethResource> AddGethLab(
        this IDistributedApplicationBuilder builder, NodeStack.Hosting.Ethereum.EthereumNetwork network)
    {
        var geth = builder.AddGeth("geth", network);
        if (geth.Resource.NeedsConsensusClient)
        {
            builder.AddLighthouse("lighthouse", geth);
        }

        return geth;
    }

    /// <summary>A builder in run mode, with extra configuration (such as parameter values).</summary>
    public static IDistributedApplicationBuilder Run(params (string Key, string Value)[] configuration) => Create([], configuration);

    /// <summary>A builder in publish mode, as <c>--operation publish</c> creates it.</summary>
    public static IDistributedApplicationBuilder Publish(params (string Key, string Value)[] configuration) =>
        Create(["--operation", "publish", "--output-path", Path.Combine(Path.GetTempPath(), "nodestack-model-tests")], configuration);

    /// <summary>A builder for <paramref name="operation"/>.</summary>
    public static IDistributedApplicationBuilder For(DistributedApplicationOperation operation, params (string Key, string Value)[] configuration) =>
        operation == DistributedApplicationOperation.Run ? Run(configuration) : Publish(configuration);

    private static IDistributedApplicationBuilder Create(string[] args, (string Key, string Value)[] configuration)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        foreach (var (key, value) in configuration)
        {
            builder.Configuration[key] = value;
        }

        return builder;
    }
}
