using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeStack.Hosting.Sync;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Adds live sync state and the "Check sync" command to node resources.</summary>
internal static class NodeSyncBuilderExtensions
{
    /// <summary>The name of the one-shot "Check sync" command.</summary>
    public const string CheckSyncCommandName = "check-sync";

    /// <summary>
    /// Shows the node's sync state in the dashboard: in run mode a <see cref="NodeSyncStateResource"/> named
    /// <c>{node}-sync</c> appears under the node and <see cref="NodeSyncStatePoller"/> keeps it current. Also adds
    /// the "Check sync" command, which reads the state once and reports it.
    /// </summary>
    /// <param name="builder">The node resource.</param>
    /// <param name="createReader">Creates a reader for the node's RPC, or returns null while its endpoint is not allocated.</param>
    public static IResourceBuilder<T> WithNodeSyncState<T>(
        this IResourceBuilder<T> builder,
        Func<IServiceProvider, CancellationToken, ValueTask<INodeSyncStateReader?>> createReader)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(createReader);
        var app = builder.ApplicationBuilder;
        app.Services.AddNodeRpcHttpClient();
        builder.WithCommand(CheckSyncCommandName, "Check sync", context => CheckSyncAsync(context, createReader), new CommandOptions
        {
            Description = "Asks the node once and reports height, target, progress and peers.",
            IconName = "ArrowSync",
            UpdateState = NodeCommandState.EnabledWhileRunning,
        });
        if (!app.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var stateResource = new NodeSyncStateResource($"{builder.Resource.Name}-sync", builder.Resource);
        app.AddResource(stateResource)
            .WithParentRelationship(builder.Resource)
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = NodeSyncStateResource.ResourceType,
                State = new ResourceStateSnapshot("Waiting for node", KnownResourceStateStyles.Info),
                Properties = [],
            });
        builder.WithAnnotation(new NodeSyncStateAnnotation(stateResource, createReader));
        app.Services.TryAddSingleton<NodeSyncStatePollerOptions>();
        app.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NodeSyncStatePoller>());
        return builder;
    }

    /// <summary>Registers the named HttpClient used for node RPC, with its timeout.</summary>
    public static IServiceCollection AddNodeRpcHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(NodeRpcHttpClient.Name, http => http.Timeout = NodeRpcHttpClient.Timeout);
        return services;
    }

    private static async Task<ExecuteCommandResult> CheckSyncAsync(
        ExecuteCommandContext context,
        Func<IServiceProvider, CancellationToken, ValueTask<INodeSyncStateReader?>> createReader)
    {
        var reader = await createReader(context.Services, context.CancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return CommandResults.Failure($"{context.ResourceName} has no RPC endpoint yet.");
        }

        var state = await reader.ReadAsync(context.CancellationToken).ConfigureAwait(false);
        return state.Status == NodeSyncStatus.Unreachable
            ? CommandResults.Failure($"{context.ResourceName}: {state.Summary}")
            : CommandResults.Success($"{context.ResourceName}: {state.Summary}");
    }
}
