namespace NodeStack.Tests.Fixtures;

/// <summary>Application builders for model tests: nothing is started.</summary>
public static class ModelBuilders
{
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
