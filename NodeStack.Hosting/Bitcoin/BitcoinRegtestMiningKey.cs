namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// The key NodeStack mines regtest blocks to. Its private key is SHA-256("NodeStack regtest mining key"): public
/// on purpose, because regtest coins have no value and a developer wants to spend them (import the WIF into a
/// wallet with <c>importdescriptors</c>). Never use it on a public network.
/// </summary>
internal static class BitcoinRegtestMiningKey
{
    /// <summary>The P2WPKH address in Bitcoin Core's regtest encoding.</summary>
    public const string Address = "bcrt1qm7qlc0gsdsex0unk2psk72k0r9sx0k54qunrum";

    /// <summary>The private key in regtest WIF (compressed).</summary>
    public const string Wif = "cNT4aUCuQ6HoytvTBHvicXUCBHTZdHXa4Xfdy4b5KsZ3Hj4g8x52";
}
