using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Snapshots;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Snapshots;

/// <summary>
/// The dashboard commands as the dashboard runs them, in a test model the AppHost runs under DCP on the real Docker
/// engine: a container of the local test image with its data volume and snapshots.
/// </summary>
public sealed class SnapshotCommandsInAppHostTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Create_then_restore_from_the_dashboard_brings_the_data_back_and_the_node_runs_again_with_its_snapshots_property()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var node = await DockerVolumeNode.StartAsync(withContainer: false);
        using var store = new TemporaryFolder();
        var before = await node.ListingAsync();
        // The AppHost's builder (DCP is found through it), emptied of its nodes and monitoring, whose images cannot be
        // pulled here; the test node takes their place.
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>([$"--{SnapshotStore.PathSetting}={store.Path}"], cancel);
        foreach (var resource in builder.Resources.ToList())
        {
            builder.Resources.Remove(resource);
        }

        var container = builder.AddContainer(node.Name, DockerTestImage.Repository, "1")
            .WithVolume(node.Volume, "/data")
            .WithContainerRuntimeArgs("--user", "10001:10001")
            .WithEntrypoint("/bin/sh")
            .WithArgs("-c", "trap 'exit 0' TERM; while :; do sleep 1; done")
            .WithSnapshots(new SnapshotAnnotation("/data", "bitcoin", "regtest", Facts: null));
        await using var app = await builder.BuildAsync(cancel);
        await app.StartAsync(cancel);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        await notifications.WaitForResourceAsync(node.Name, KnownResourceStates.Running, cancel).WaitAsync(Patience, cancel);

        var created = await commands.ExecuteCommandAsync(container.Resource, SnapshotCommands.CreateCommandName,
            new InteractionInputCollection([new InteractionInput { Name = SnapshotCommands.LabelArgument, InputType = InputType.Text, Value = "start" }]), cancel);

        Assert.True(created.Success, created.Message);
        var manifest = Assert.Single(new SnapshotStore(store.Path).List(node.Name));
        Assert.Contains(manifest.Id, created.Message, StringComparison.Ordinal);
        await notifications.WaitForResourceAsync(node.Name, KnownResourceStates.Running, cancel).WaitAsync(Patience, cancel);
        var withProperty = await notifications.WaitForResourceAsync(node.Name,
            e => e.Snapshot.Properties.Any(p => p.Name == SnapshotCommands.PropertyName && Equals(p.Value, $"1 (latest {manifest.Id}, {manifest.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)")), cancel).WaitAsync(Patience, cancel);
        Assert.NotNull(withProperty);

        await node.RunAsRootAsync("echo changed > /data/chaindata/000001.log && touch /data/new-file");
        var restored = await commands.ExecuteCommandAsync(container.Resource, SnapshotCommands.RestoreCommandName,
            new InteractionInputCollection([new InteractionInput { Name = SnapshotCommands.IdArgument, InputType = InputType.Text, Value = manifest.Id }]), cancel);

        Assert.True(restored.Success, restored.Message);
        Assert.Equal(before, await node.ListingAsync());
        await notifications.WaitForResourceAsync(node.Name, KnownResourceStates.Running, cancel).WaitAsync(Patience, cancel);
        await app.StopAsync(cancel);
    }
}
