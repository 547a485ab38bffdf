using NodeStack.Hosting.Snapshots;

namespace NodeStack.Tests.Snapshots;

/// <summary>What may be restored where, decided before anything is touched.</summary>
public sealed class RestoreCompatibilityTests
{
    private static readonly SnapshotNode Geth = new("geth", "vol", "/data", "docker.io/ethereum/client-go", "v1.17.5", "ethereum", "sepolia", TimeSpan.FromMinutes(2));

    [Fact]
    public void A_snapshot_by_a_newer_client_warns_naming_both_versions()
    {
        var warning = RestoreCompatibility.Check(Geth, Snapshot("v1.18.0"));

        Assert.Equal("Snapshot s1 was made by docker.io/ethereum/client-go:v1.18.0, newer than geth's docker.io/ethereum/client-go:v1.17.5: the older client may not open its database.", warning);
    }

    [Theory]
    [InlineData("v1.17.5")]
    [InlineData("v1.16.9")]
    public void A_snapshot_by_the_same_or_an_older_client_restores_without_warning(string tag) =>
        Assert.Null(RestoreCompatibility.Check(Geth, Snapshot(tag)));

    [Fact]
    public void A_snapshot_of_another_client_is_refused_naming_both()
    {
        var error = Assert.Throws<SnapshotException>(() => RestoreCompatibility.Check(Geth, Snapshot("v8.2.2") with { Image = "docker.io/sigp/lighthouse" }));

        Assert.Equal("Snapshot s1 holds docker.io/sigp/lighthouse data; geth runs docker.io/ethereum/client-go. Nothing was restored.", error.Message);
    }

    [Theory]
    [InlineData("31.1", "30.2", true)]
    [InlineData("31", "31.1", false)]
    [InlineData("v8.2.2", "v8.10.0", false)]
    [InlineData("latest", "31.1", false)]
    public void Tags_compare_as_versions(string made, string current, bool newer) =>
        Assert.Equal(newer, RestoreCompatibility.IsNewer(made, current));

    private static SnapshotManifest Snapshot(string tag) =>
        new("s1", "geth", "docker.io/ethereum/client-go", tag, "ethereum", "sepolia", 1, "0xa", "0xb", DateTimeOffset.UnixEpoch, 1, 1, "00");
}
