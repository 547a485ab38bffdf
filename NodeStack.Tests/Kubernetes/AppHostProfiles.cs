namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// The profiles the real AppHost is published with in tests: the default one from the committed <c>k8s/</c>, and each
/// public network pair from a fresh publish.
/// </summary>
internal static class AppHostProfiles
{
    public const string Default = "default";

    /// <summary>Every profile, for theories.</summary>
    public static TheoryData<string> All => [Default, "sepolia+signet", "hoodi+testnet4", "mainnet+main"];

    /// <summary>The published tree of <paramref name="profile"/> (<c>ethereum+bitcoin</c> networks, or <see cref="Default"/>).</summary>
    public static Task<PublishedTree> TreeAsync(string profile) =>
        profile == Default ? Task.FromResult(PublishedTree.Load(AppHostPublish.CommittedTree)) : AppHostPublish.TreeAsync(Settings(profile));

    public static string[] Settings(string profile)
    {
        if (profile == Default)
        {
            return [];
        }

        var networks = profile.Split('+');
        return [$"--NodeStack:Ethereum:Network={networks[0]}", $"--NodeStack:Bitcoin:Network={networks[1]}"];
    }

    public static bool IsPublic(string profile) => profile != Default;
}
