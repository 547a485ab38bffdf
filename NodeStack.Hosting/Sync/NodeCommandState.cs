using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Sync;

/// <summary>When node commands can run.</summary>
internal static class NodeCommandState
{
    /// <summary>Node commands talk to the node's RPC, so they are enabled only while the node is running.</summary>
    public static ResourceCommandState EnabledWhileRunning(UpdateCommandStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
    }
}
