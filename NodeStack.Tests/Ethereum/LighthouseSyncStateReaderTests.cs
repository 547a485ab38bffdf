using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Sync;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Fixtures.Simulators;

namespace NodeStack.Tests.Ethereum;

public class LighthouseSyncStateReaderTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Beacon_node_behind_the_head_reads_as_syncing_with_slot_progress_and_peers()
    {
        await using var beacon = await BeaconApiSimulator.StartAsync(headSlot: 421, syncDistance: 579, executionOffline: false, optimistic: false, peers: 48, Cancel);

        var state = await new LighthouseSyncStateReader(Http, beacon.Url).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Syncing, state.Status);
        Assert.Equal("Syncing 42.1%", state.StateText);
        Assert.Equal((421L, 1000L, 48), (state.Height, state.Target, state.Peers));
    }

    [Fact]
    public async Task Beacon_node_at_the_head_with_a_verified_head_and_its_execution_client_online_is_synced_in_green()
    {
        await using var beacon = await BeaconApiSimulator.StartAsync(headSlot: 9_000_000, syncDistance: 0, executionOffline: false, optimistic: false, peers: 70, Cancel);

        var state = await new LighthouseSyncStateReader(Http, beacon.Url).ReadAsync(Cancel);

        Assert.Equal(("Synced", KnownResourceStateStyles.Success), (state.StateText, state.StateStyle));
        Assert.Null(state.Detail);
    }

    [Fact]
    public async Task Beacon_node_at_the_head_with_its_execution_client_offline_is_synced_only_as_a_warning_saying_why()
    {
        await using var beacon = await BeaconApiSimulator.StartAsync(headSlot: 9_000_000, syncDistance: 0, executionOffline: true, optimistic: false, peers: 70, Cancel);

        var state = await new LighthouseSyncStateReader(Http, beacon.Url).ReadAsync(Cancel);

        Assert.Equal(("Synced", KnownResourceStateStyles.Warn), (state.StateText, state.StateStyle));
        Assert.Equal("the execution client (geth) is offline: Lighthouse cannot verify or follow new blocks", state.Detail);
        Assert.Contains(new KeyValuePair<string, string>("el_offline", "true"), state.Extra!);
    }

    [Fact]
    public async Task Beacon_node_with_an_optimistic_head_is_synced_only_as_a_warning_saying_why()
    {
        await using var beacon = await BeaconApiSimulator.StartAsync(headSlot: 9_000_000, syncDistance: 0, executionOffline: false, optimistic: true, peers: 70, Cancel);

        var state = await new LighthouseSyncStateReader(Http, beacon.Url).ReadAsync(Cancel);

        Assert.Equal(("Synced", KnownResourceStateStyles.Warn), (state.StateText, state.StateStyle));
        Assert.Equal("the head is optimistic: the execution client (geth) has not verified its payload yet", state.Detail);
        Assert.Contains(new KeyValuePair<string, string>("is_optimistic", "true"), state.Extra!);
    }

    [Fact]
    public async Task Beacon_node_that_is_down_reads_as_unreachable()
    {
        var state = await new LighthouseSyncStateReader(Http, new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/")).ReadAsync(Cancel);

        Assert.Equal(NodeSyncStatus.Unreachable, state.Status);
    }
}
