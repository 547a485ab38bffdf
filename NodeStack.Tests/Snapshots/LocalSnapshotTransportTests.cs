using NodeStack.Hosting.Snapshots;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Snapshots;

/// <summary>Snapshots through the real Docker engine, against a stand-in node of the local test image.</summary>
public sealed class LocalSnapshotTransportTests : IDisposable
{
    private readonly TemporaryFolder _store = new();
    private readonly DockerEngineClient _docker = DockerEngineClient.FromEnvironment();
    private readonly List<string> _progress = [];

    [Fact]
    public async Task Snapshot_then_changed_data_then_restore_brings_the_data_back_owned_by_the_node_user()
    {
        await using var node = await DockerVolumeNode.StartAsync();
        var before = await node.ListingAsync();
        var transport = Transport();

        var manifest = await transport.CreateAsync(Describe(node), "before change", Progress(), Token);
        Assert.True(await node.IsRunningAsync(), "the node runs again after the snapshot");
        await node.RunAsRootAsync("echo block-2 >> /data/chaindata/000001.log && echo new > /data/chaindata/000002.log && rm /data/genesis.json");
        Assert.NotEqual(before, await node.ListingAsync());

        var warning = await transport.RestoreAsync(Describe(node), manifest.Id, Progress(), Token);

        Assert.Null(warning);
        Assert.Equal(before, await node.ListingAsync());
        Assert.Contains("10001:10001 644 ./chaindata/000001.log", before, StringComparison.Ordinal);
        Assert.True(await node.IsRunningAsync(), "the node runs again after the restore");
        Assert.Empty(await node.OtherContainersAsync());
        Assert.Contains(_progress, p => p.StartsWith($"Stopping {node.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Manifest_records_node_chain_image_size_and_checksum_and_the_archive_is_a_plain_tar_gz_of_the_data_directory()
    {
        await using var node = await DockerVolumeNode.StartAsync();

        var manifest = await Transport().CreateAsync(Describe(node), "Funded wallet!", Progress(), Token);

        Assert.StartsWith($"{node.Name}-", manifest.Id, StringComparison.Ordinal);
        Assert.EndsWith("-funded-wallet", manifest.Id, StringComparison.Ordinal);
        Assert.Equal((node.Name, DockerTestImage.Repository, "1", "bitcoin", "regtest"), (manifest.Node, manifest.Image, manifest.Tag, manifest.Chain, manifest.Network));
        var archive = new FileInfo(Store.ArchivePath(node.Name, manifest.Id));
        Assert.Equal(archive.Length, manifest.ArchiveBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(archive.FullName))), manifest.Sha256);
        Assert.Equal(manifest, Store.Load(node.Name, manifest.Id));
        // GNU tar reads it as the Kubernetes Job will: entries relative to the data directory, owned by the node user.
        var listing = await ToolProcess.RunAsync("tar", ["-tzvf", archive.FullName, "--numeric-owner"]);
        Assert.Equal(0, listing.ExitCode);
        Assert.Contains("10001/10001", listing.Output, StringComparison.Ordinal);
        Assert.Contains("./chaindata/000001.log", listing.Output, StringComparison.Ordinal);
        Assert.Contains("./keystore/UTC--key", listing.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" data/", listing.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corrupted")]
    [InlineData("truncated")]
    public async Task Restore_refuses_a_damaged_archive_and_leaves_the_volume_and_the_node_as_they_were(string damage)
    {
        await using var node = await DockerVolumeNode.StartAsync();
        var transport = Transport();
        var manifest = await transport.CreateAsync(Describe(node), null, Progress(), Token);
        await node.RunAsRootAsync("echo later > /data/chaindata/000002.log");
        var current = await node.ListingAsync();
        var archive = Store.ArchivePath(node.Name, manifest.Id);
        var bytes = File.ReadAllBytes(archive);
        if (damage == "corrupted")
        {
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(archive, bytes);
        }
        else
        {
            File.WriteAllBytes(archive, bytes[..(bytes.Length - 100)]);
        }

        var error = await Assert.ThrowsAsync<SnapshotException>(() => transport.RestoreAsync(Describe(node), manifest.Id, Progress(), Token));

        Assert.Contains(damage == "corrupted" ? "is corrupted" : "is truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was restored", error.Message, StringComparison.Ordinal);
        Assert.Equal(current, await node.ListingAsync());
        Assert.True(await node.IsRunningAsync(), "a refused restore does not stop the node");
    }

    [Fact]
    public async Task Restore_refuses_a_snapshot_of_another_network_naming_both()
    {
        await using var node = await DockerVolumeNode.StartAsync();
        var transport = Transport();
        var manifest = await transport.CreateAsync(Describe(node) with { Network = "signet" }, null, Progress(), Token);
        var current = await node.ListingAsync();

        var error = await Assert.ThrowsAsync<SnapshotException>(() => transport.RestoreAsync(Describe(node), manifest.Id, Progress(), Token));

        Assert.Equal($"Snapshot {manifest.Id} is of bitcoin signet; {node.Name} follows bitcoin regtest. Nothing was restored.", error.Message);
        Assert.Equal(current, await node.ListingAsync());
    }

    [Fact]
    public async Task A_volume_without_a_container_is_reached_through_a_created_container_that_is_removed_afterwards()
    {
        await using var node = await DockerVolumeNode.StartAsync(withContainer: false);
        var before = await node.ListingAsync();
        var transport = Transport();

        var manifest = await transport.CreateAsync(Describe(node), null, Progress(), Token);
        await node.RunAsRootAsync("rm -rf /data/chaindata");
        await transport.RestoreAsync(Describe(node), manifest.Id, Progress(), Token);

        Assert.Equal(before, await node.ListingAsync());
        Assert.Empty(await node.OtherContainersAsync());
    }

    [Fact]
    public async Task Snapshots_are_listed_newest_first_and_an_unknown_id_names_the_known_ones()
    {
        await using var node = await DockerVolumeNode.StartAsync(withContainer: false);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var transport = Transport(clock);
        var first = await transport.CreateAsync(Describe(node), "one", Progress(), Token);
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await transport.CreateAsync(Describe(node), "two", Progress(), Token);

        Assert.Equal([second.Id, first.Id], Store.List(node.Name).Select(m => m.Id));
        Assert.Equal($"{node.Name}-20261201-100500-two", second.Id);
        var error = Assert.Throws<SnapshotException>(() => Store.Load(node.Name, "nope"));
        Assert.Equal($"{node.Name} has no snapshot 'nope' in {Store.Root}; it has {second.Id}, {first.Id}.", error.Message);
    }

    [Fact]
    public async Task A_missing_volume_is_reported_by_name()
    {
        var node = new SnapshotNode("ghost", "nodestack-test-no-such-volume", "/data", DockerTestImage.Repository, "1", "bitcoin", "regtest", TimeSpan.FromSeconds(5));
        await DockerTestImage.EnsureAsync();

        var error = await Assert.ThrowsAsync<SnapshotException>(() => Transport().CreateAsync(node, null, Progress(), Token));

        Assert.Equal("ghost has no data volume 'nodestack-test-no-such-volume' yet: run it once first.", error.Message);
    }

    public void Dispose()
    {
        _docker.Dispose();
        _store.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SnapshotStore Store => new(_store.Path);

    private LocalSnapshotTransport Transport(TimeProvider? clock = null) =>
        new(_docker, Store, new DockerNodeLifecycle(_docker), NodeCommandRunner.Services, clock);

    private Progress<string> Progress() => new(_progress.Add);

    internal static SnapshotNode Describe(DockerVolumeNode node) =>
        new(node.Name, node.Volume, "/data", DockerTestImage.Repository, "1", "bitcoin", "regtest", TimeSpan.FromSeconds(10));
}
