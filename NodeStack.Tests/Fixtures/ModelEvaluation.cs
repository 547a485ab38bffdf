using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Evaluates a resource's arguments, environment and connection string the way the run or publish pipeline does,
/// without starting anything.
/// </summary>
public static class ModelEvaluation
{
    private static int s_nextPort = 40_000;

    /// <summary>
    /// Gives every endpoint of <paramref name="resource"/> a loopback address, and a container's endpoints also their
    /// address on the container network (the resource name and target port), as DCP would on start.
    /// </summary>
    public static void AllocateEndpoints(IResource resource)
    {
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            var port = Interlocked.Increment(ref s_nextPort);
            var targetPort = (endpoint.TargetPort ?? port).ToString(CultureInfo.InvariantCulture);
            endpoint.AllocatedEndpoint ??= new AllocatedEndpoint(endpoint, "localhost", port, targetPort);
            if (resource is ContainerResource && endpoint.TargetPort is { } containerPort)
            {
                var network = KnownNetworkIdentifiers.DefaultAspireContainerNetwork;
                endpoint.AllAllocatedEndpoints.AddOrUpdateAllocatedEndpoint(network,
                    new AllocatedEndpoint(endpoint, resource.Name, containerPort, EndpointBindingMode.SingleAddress, targetPort, network));
            }
        }
    }

    /// <summary>The resource's arguments as the given operation resolves them.</summary>
    public static async Task<string[]> ArgsAsync(IResource resource, DistributedApplicationOperation operation)
    {
        using var timeout = Timeout();
        var result = await ExecutionConfigurationBuilder.Create(resource).WithArgumentsConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, timeout.Token);
        return result.Exception is { } error ? throw error : [.. result.Arguments.Select(a => a.Value)];
    }

    /// <summary>The resource's environment as the given operation resolves it.</summary>
    public static async Task<Dictionary<string, string>> EnvAsync(IResource resource, DistributedApplicationOperation operation)
    {
        using var timeout = Timeout();
        var result = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(operation), NullLogger.Instance, timeout.Token);
        return result.Exception is { } error ? throw error : result.EnvironmentVariables.ToDictionary();
    }

    /// <summary>The container runtime arguments (<c>docker run</c> options such as <c>--user</c>) of <paramref name="resource"/>.</summary>
    public static async Task<string[]> RuntimeArgsAsync(IResource resource)
    {
        var args = new List<object>();
        var context = new ContainerRuntimeArgsCallbackContext(args, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<ContainerRuntimeArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. args.Select(arg => arg.ToString()!)];
    }

    /// <summary>The files and directories the local run writes into the created container at <paramref name="destination"/>.</summary>
    public static async Task<List<ContainerFileSystemItem>> ContainerFilesAsync(IResource resource, string destination, IServiceProvider? services = null)
    {
        var annotation = Assert.Single(resource.Annotations.OfType<ContainerFileSystemCallbackAnnotation>(), a => a.DestinationPath == destination);
        var context = new ContainerFileSystemCallbackContext { Model = resource, Services = services ?? NoServices.Instance };
        return [.. await annotation.Callback(context, TestContext.Current.CancellationToken)];
    }

    // An unallocated endpoint makes resolution wait forever; fail instead.
    private static CancellationTokenSource Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return timeout;
    }

    /// <summary>The endpoint named <paramref name="name"/>.</summary>
    public static EndpointAnnotation Endpoint(IResource resource, string name) =>
        Assert.Single(resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == name);

    /// <summary>True for an endpoint carried over UDP.</summary>
    public static bool IsUdp(EndpointAnnotation endpoint) => endpoint.Protocol == ProtocolType.Udp;

    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
