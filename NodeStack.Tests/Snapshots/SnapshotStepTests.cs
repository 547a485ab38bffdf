using NodeStack.Hosting.Snapshots;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Snapshots;

/// <summary>
/// The real AppHost's snapshot steps run as a user runs them (<c>dotnet run --project NodeStack.AppHost -- --operation
/// publish --step ...</c>, here its built assembly): a failure is one line and exit code 1, a success exit code 0.
/// </summary>
public sealed class SnapshotStepTests : IDisposable
{
    private readonly TemporaryFolder _store = new();

    [Fact]
    public async Task A_snapshot_step_without_a_node_fails_with_one_line_naming_the_setting_and_the_nodes()
    {
        var result = await RunStepAsync(SnapshotBuilderExtensions.SnapshotStep);

        AssertFailedWith(result, "node-snapshot needs the node: --NodeStack:Snapshot:Node=<geth, bitcoin>.");
    }

    [Fact]
    public async Task A_restore_of_an_unknown_node_fails_naming_the_known_ones()
    {
        var result = await RunStepAsync(SnapshotBuilderExtensions.RestoreStep, "--NodeStack:Snapshot:Node=bitcon", "--NodeStack:Snapshot:Id=x");

        AssertFailedWith(result, "NodeStack:Snapshot:Node = 'bitcon' is not a node with snapshots. Known nodes: geth, bitcoin.");
    }

    [Fact]
    public async Task A_restore_of_another_networks_snapshot_fails_naming_both_before_touching_the_node()
    {
        var manifest = WriteManifest("bitcoin", "signet");

        var result = await RunStepAsync(SnapshotBuilderExtensions.RestoreStep, "--NodeStack:Snapshot:Node=bitcoin", $"--NodeStack:Snapshot:Id={manifest.Id}");

        AssertFailedWith(result, $"Snapshot {manifest.Id} is of bitcoin signet; bitcoin follows bitcoin regtest. Nothing was restored.");
    }

    [Fact]
    public async Task The_list_step_prints_each_snapshot_and_exits_0()
    {
        var manifest = WriteManifest("bitcoin", "regtest");

        var result = await RunStepAsync(SnapshotBuilderExtensions.ListStep);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{manifest.Id}: bitcoin regtest, height 101 (best {manifest.BestBlockHash}), 1 MiB of data in 0.5 MiB", result.Output, StringComparison.Ordinal);
        Assert.Contains($"1 snapshot(s) in {_store.Path}", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _store.Dispose();

    private static void AssertFailedWith(ToolResult result, string message)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(message, result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    private SnapshotManifest WriteManifest(string node, string network)
    {
        var manifest = new SnapshotManifest($"{node}-20261202-120000", node, "docker.io/bitcoin/bitcoin", "31.1", "bitcoin", network,
            101, new string('b', 64), "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), 1 << 20, 1 << 19, new string('0', 64));
        _store.Write(Path.Combine(node, manifest.Id + ".json"), manifest.ToJson());
        return manifest;
    }

    private Task<ToolResult> RunStepAsync(string step, params string[] settings)
    {
        // The AppHost built in the same configuration as these tests (bin/<Configuration>/net10.0).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var project = Path.Combine(RequiredTool.RepositoryRoot, "NodeStack.AppHost");
        var assembly = Path.Combine(project, "bin", configuration, "net10.0", "NodeStack.AppHost.dll");
        return ToolProcess.RunAsync("dotnet", [assembly, "--operation", "publish", "--step", step, $"--{SnapshotStore.PathSetting}={_store.Path}", .. settings],
            workingDirectory: project, timeout: TimeSpan.FromMinutes(2));
    }
}
