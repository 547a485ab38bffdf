using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>The "Mine blocks" dashboard command that dev chains (geth --dev, regtest) offer.</summary>
public static class MineBlocksCommand
{
    /// <summary>The command name.</summary>
    public const string Name = "mine-blocks";

    /// <summary>The name of the command's argument: how many blocks to mine.</summary>
    public const string CountArgument = "count";

    /// <summary>The most blocks one command mines, so a typo does not keep the node busy for minutes.</summary>
    public const int MaxCount = 1000;

    /// <summary>
    /// Adds "Mine blocks" with a block-count argument (1 by default) to <paramref name="builder"/>.
    /// <paramref name="mine"/> mines the blocks and returns the success message; its exceptions become a failure result.
    /// </summary>
    public static IResourceBuilder<T> WithMineBlocksCommand<T>(
        this IResourceBuilder<T> builder,
        string description,
        Func<ExecuteCommandContext, int, Task<string>> mine)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mine);
        return builder.WithCommand(Name, "Mine blocks", context => ExecuteAsync(context, mine), new CommandOptions
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
                    Description = $"How many blocks to mine (1 to {MaxCount}).",
                    InputType = InputType.Number,
                    Required = true,
                    Value = "1",
                },
            ],
            ValidateArguments = Validate,
        });
    }

    /// <summary>Reads the count argument: 1 when absent, an error message when out of range.</summary>
    public static (int Count, string? Error) ReadCount(InteractionInputCollection? arguments)
    {
        var text = arguments is not null && arguments.TryGetByName(CountArgument, out var input) ? input.Value : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return (1, null);
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxCount
            ? (count, null)
            : (0, $"The block count must be a whole number from 1 to {MaxCount}, not '{text}'.");
    }

    private static Task Validate(InputsDialogValidationContext context)
    {
        if (ReadCount(context.Inputs).Error is { } error)
        {
            context.AddValidationError(CountArgument, error);
        }

        return Task.CompletedTask;
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(ExecuteCommandContext context, Func<ExecuteCommandContext, int, Task<string>> mine)
    {
        var (count, error) = ReadCount(context.Arguments);
        if (error is not null)
        {
            return CommandResults.Failure(error);
        }

        try
        {
            return CommandResults.Success(await mine(context, count).ConfigureAwait(false));
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, context.CancellationToken))
        {
            return CommandResults.Failure($"Mining on {context.ResourceName} failed: {e.Message}");
        }
    }
}
