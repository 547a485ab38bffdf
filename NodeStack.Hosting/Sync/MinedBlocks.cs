namespace NodeStack.Hosting.Sync;

/// <summary>What a "Mine blocks" call did.</summary>
/// <param name="Count">Blocks the call itself produced (that hold its transactions, or that it generated).</param>
/// <param name="StartHeight">The node's height before the call.</param>
/// <param name="Height">The node's height afterwards.</param>
internal sealed record MinedBlocks(int Count, long StartHeight, long Height)
{
    /// <summary>
    /// Blocks the chain gained meanwhile that the call did not produce: geth --dev's block timer, or someone else's
    /// transactions or mining.
    /// </summary>
    public long OtherBlocks => Math.Max(0, Height - StartHeight - Count);
}
