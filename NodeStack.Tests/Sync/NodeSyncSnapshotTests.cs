using NodeStack.Hosting.Sync;

namespace NodeStack.Tests.Sync;

public class NodeSyncSnapshotTests
{
    private static readonly CustomResourceSnapshot Empty = new()
    {
        ResourceType = NodeSyncStateResource.ResourceType,
        Properties = [],
    };

    [Fact]
    public void Sync_resource_shows_detail_first_and_every_figure_in_the_dashboards_default_view()
    {
        var state = new NodeSyncState(NodeSyncStatus.Unreachable, Chain: "regtest", Height: 7, Detail: "bitcoin is FailedToStart");

        var properties = NodeSyncSnapshot.Apply(Empty, state).Properties;

        // Aspire 13: a highlighted property is listed by default, not only under "Show all properties".
        Assert.All(properties, p => Assert.True(p.IsHighlighted, p.Name));
        Assert.Equal("nodestack.sync.detail", properties[0].Name);
        Assert.Equal("bitcoin is FailedToStart", properties[0].Value);
    }
}
