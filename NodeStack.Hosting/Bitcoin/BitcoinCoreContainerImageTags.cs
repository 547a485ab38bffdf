namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// The Bitcoin Core image: <c>bitcoin/bitcoin</c> on Docker Hub, built by Bitcoin Core contributor Will Clark
/// (willcl-ark/bitcoin-core-docker) from the release binaries on bitcoincore.org, whose guix signatures the build
/// verifies. Its entrypoint drops to the non-root <c>bitcoin</c> user (uid 101) before starting bitcoind.
/// </summary>
internal static class BitcoinCoreContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>bitcoin/bitcoin</summary>
    public const string Image = "bitcoin/bitcoin";

    /// <summary>31.1: the newest Bitcoin Core release with a final (non-rc) image (checked 2026-12-02).</summary>
    public const string Tag = "31.1";

    /// <summary>The image's data directory (<c>BITCOIN_DATA</c>), owned by the <c>bitcoin</c> user.</summary>
    public const string DataDirectory = "/home/bitcoin/.bitcoin";

    /// <summary>The variable that gives the image's <c>bitcoin</c> user another uid (its entrypoint runs <c>usermod</c>, then chowns the data directory).</summary>
    public const string UserIdVariable = "UID";

    /// <summary>The variable that gives the image's <c>bitcoin</c> group another gid.</summary>
    public const string GroupIdVariable = "GID";
}
