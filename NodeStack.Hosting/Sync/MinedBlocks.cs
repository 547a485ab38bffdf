namespace NodeStack.Hosting.Sync;

/// <summary>What a "Mine blocks" call did.</summary>
/// <param name="Count">Blocks mined.</param>
/// <param name="Height">The node's height afterwards.</param>
public sealed record MinedBlocks(int Count, long Height);
