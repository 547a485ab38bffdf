using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodeStack.Hosting.Sync;

namespace NodeStack.Tests.Fixtures;

/// <summary>Runs a resource's dashboard command the way the dashboard does, against a node a test started.</summary>
public static class NodeCommandRunner
{
    /// <summary>The services node commands need (the node RPC HttpClient).</summary>
    public static IServiceProvider Services { get; } = new ServiceCollection().AddNodeRpcHttpClient().BuildServiceProvider();

    /// <summary>Points <paramref name="resource"/>'s endpoint <paramref name="endpointName"/> at a real node on <paramref name="port"/>.</summary>
    public static void PointEndpointAt(IResource resource, string endpointName, int port)
    {
        var endpoint = ModelEvaluation.Endpoint(resource, endpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "127.0.0.1", port, endpoint.TargetPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>Executes command <paramref name="name"/>, with <paramref name="count"/> as its count argument if given.</summary>
    public static async Task<ExecuteCommandResult> ExecuteAsync(IResource resource, string name, string? count = null)
    {
        var command = Assert.Single(resource.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == name);
        var arguments = command.Arguments.Select(a => new InteractionInput { Name = a.Name, Label = a.Label, InputType = a.InputType, Value = count ?? a.Value });
        return await command.ExecuteCommand(new ExecuteCommandContext
        {
            Services = Services,
            ResourceName = resource.Name,
            Arguments = new InteractionInputCollection([.. arguments]),
            Logger = NullLogger.Instance,
            CancellationToken = TestContext.Current.CancellationToken,
        });
    }
}
