using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.JsonRpc;

namespace NodeStack.Hosting.Sync;

/// <summary>The "Mine blocks" dashboard command that dev chains (geth --dev, regtest) offer.</summary>
internal static class MineBlocksCommand
{
    /// <summary>The command name.</summary>
    public const string Name = "mine-blocks";

    /// <summary>The name of the command's argument: how many blocks to mine.</summary>
    public const string CountArgument = "count";

    /// <summary>The most blocks one command mines on a chain that seals them on demand, so a typo does not keep the node busy for minutes.</summary>
    public const int MaxCount = 1000;

    /// <summary>
    /// Adds "Mine blocks", with a block-count argument from 1 (the default) to <paramref name="maxCount"/>, to
    /// <paramref name="builder"/>, replacing the command if the resource has it already. <paramref name="connect"/>
    /// creates the node's RPC client (null while its endpoint is not allocated); <paramref name="mine"/> mines the
    /// blocks and returns the success message. Node faults become a failure result that says what went wrong.
    /// </summary>
    public static IResourceBuilder<T> WithMineBlocksCommand<T>(
        this IResourceBuilder<T> builder,
        string description,
        int maxCount,
        Func<IServiceProvider, CancellationToken, ValueTask<JsonRpcClient?>> connect,
        Func<JsonRpcClient, int, CancellationToken, Task<string>> mine)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(mine);
        foreach (var existing in builder.Resource.Annotations.OfType<ResourceCommandAnnotation>().Where(c => c.Name == Name).ToList())
        {
            builder.Resource.Annotations.Remove(existing);
        }

        return builder.WithCommand(Name, "Mine blocks", context => ExecuteAsync(context, maxCount, connect, mine), new CommandOptions
        {
            Description = description,
            IconName = "Cube",
            UpdateState = NodeCommandState.EnabledWhileRunning,
            Arguments =
            [
                new InteractionInput
                {
                    Name = CountArgument,
                    Label = "Blocks",
                    Description = string.Create(CultureInfo.InvariantCulture, $"How many blocks to mine (1 to {maxCount})."),
                    InputType = InputType.Number,
                    Required = true,
                    Value = "1",
                },
            ],
            ValidateArguments = context => Validate(context, maxCount),
        });
    }

    /// <summary>Reads the count argument: 1 when absent, an error message when outside 1 to <paramref name="maxCount"/>.</summary>
    public static (int Count, string? Error) ReadCount(InteractionInputCollection? arguments, int maxCount)
    {
        var text = arguments is not null && arguments.TryGetByName(CountArgument, out var input) ? input.Value : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return (1, null);
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= maxCount
            ? (count, null)
            : (0, string.Create(CultureInfo.InvariantCulture, $"The block count must be a whole number from 1 to {maxCount}, not '{text}'."));
    }

    private static Task Validate(InputsDialogValidationContext context, int maxCount)
    {
        if (ReadCount(context.Inputs, maxCount).Error is { } error)
        {
            context.AddValidationError(CountArgument, error);
        }

        return Task.CompletedTask;
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(
        ExecuteCommandContext context,
        int maxCount,
        Func<IServiceProvider, CancellationToken, ValueTask<JsonRpcClient?>> connect,
        Func<JsonRpcClient, int, CancellationToken, Task<string>> mine)
    {
        var (count, error) = ReadCount(context.Arguments, maxCount);
        if (error is not null)
        {
            return CommandResults.Failure(error);
        }

        var rpc = await connect(context.Services, context.CancellationToken).ConfigureAwait(false);
        if (rpc is null)
        {
            return CommandResults.Failure($"{context.ResourceName} has no RPC endpoint yet.");
        }

        try
        {
            return CommandResults.Success(await mine(rpc, count, context.CancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, context.CancellationToken))
        {
            return CommandResults.Failure($"Mining on {context.ResourceName} failed: {e.Message}");
        }
    }
}
