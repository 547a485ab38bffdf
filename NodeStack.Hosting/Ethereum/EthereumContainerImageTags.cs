namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// The Ethereum client images: the projects' own images on Docker Hub, pinned to released versions that support
/// every fork active on mainnet, Sepolia and Hoodi.
/// </summary>
internal static class EthereumContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>ethereum/client-go: geth, built by the go-ethereum team.</summary>
    public const string GethImage = "ethereum/client-go";

    /// <summary>v1.17.5, the newest geth release (checked 2026-12-02).</summary>
    public const string GethTag = "v1.17.5";

    /// <summary>sigp/lighthouse: Lighthouse, built by Sigma Prime.</summary>
    public const string LighthouseImage = "sigp/lighthouse";

    /// <summary>v8.2.2, the newest Lighthouse release (checked 2026-12-02; v8.1.2 and later carry mandatory security fixes).</summary>
    public const string LighthouseTag = "v8.2.2";
}
