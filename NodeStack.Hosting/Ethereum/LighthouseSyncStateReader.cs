using System.Text.Json;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Reads a beacon node's sync state from the standard Beacon API (<c>/eth/v1/node/syncing</c>,
/// <c>/eth/v1/node/peer_count</c>), which Lighthouse serves.
/// </summary>
/// <param name="http">The HTTP client (its timeout bounds each call).</param>
/// <param name="baseUrl">The beacon API base URL.</param>
internal sealed class LighthouseSyncStateReader(HttpClient http, Uri baseUrl) : INodeSyncStateReader
{
    /// <inheritdoc />
    public async Task<NodeSyncState> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var syncing = await GetDataAsync("eth/v1/node/syncing", cancellationToken).ConfigureAwait(false);
            var peers = await GetDataAsync("eth/v1/node/peer_count", cancellationToken).ConfigureAwait(false);
            return Interpret(syncing, peers);
        }
        catch (Exception e) when (NodeFaults.IsNodeFault(e, cancellationToken))
        {
            return NodeSyncState.Unreachable(e.Message);
        }
    }

    private async Task<NodeReply> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, path), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            return new NodeReply(document.RootElement.Clone(), path)["data"];
        }
        catch (JsonException e)
        {
            throw new NodeReplyException($"{path}: the beacon node answered something that is not JSON.", e);
        }
    }

    private static NodeSyncState Interpret(NodeReply syncing, NodeReply peers)
    {
        // Beacon API numbers are decimal strings.
        var head = syncing["head_slot"].GetDecimalString();
        var distance = syncing["sync_distance"].GetDecimalString();
        var isSyncing = syncing["is_syncing"].GetBoolean();
        var optimistic = syncing.Optional("is_optimistic")?.GetBoolean() ?? false;
        var executionOffline = syncing.Optional("el_offline")?.GetBoolean() ?? false;
        var connected = (int)peers["connected"].GetDecimalString();
        var target = head + distance;
        var progress = target > 0 ? 100.0 * head / target : 100.0;
        var problems = new List<string>();
        if (executionOffline)
        {
            problems.Add("the execution client (geth) is offline: Lighthouse cannot verify or follow new blocks");
        }

        if (optimistic)
        {
            problems.Add("the head is optimistic: the execution client (geth) has not verified its payload yet");
        }

        return new NodeSyncState(isSyncing ? NodeSyncStatus.Syncing : NodeSyncStatus.Synced, null, head, target,
            isSyncing ? Math.Min(progress, 99.9) : 100, connected, problems.Count > 0 ? string.Join("; ", problems) : null,
            [new("is_optimistic", optimistic ? "true" : "false"), new("el_offline", executionOffline ? "true" : "false")])
        {
            IsDegraded = problems.Count > 0,
        };
    }
}
