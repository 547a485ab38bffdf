using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>
/// Reads a beacon node's sync state from the standard Beacon API (<c>/eth/v1/node/syncing</c>,
/// <c>/eth/v1/node/peer_count</c>), which Lighthouse serves.
/// </summary>
/// <param name="http">The HTTP client (its timeout bounds each call).</param>
/// <param name="baseUrl">The beacon API base URL.</param>
public sealed class LighthouseSyncStateReader(HttpClient http, Uri baseUrl) : INodeSyncStateReader
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

    private async Task<JsonElement> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        using var document = await http.GetFromJsonAsync<JsonDocument>(new Uri(baseUrl, path), cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"{path} returned null.");
        return document.RootElement.GetProperty("data").Clone();
    }

    private static NodeSyncState Interpret(JsonElement syncing, JsonElement peers)
    {
        // Beacon API numbers are decimal strings.
        var head = long.Parse(syncing.GetProperty("head_slot").GetString()!, CultureInfo.InvariantCulture);
        var distance = long.Parse(syncing.GetProperty("sync_distance").GetString()!, CultureInfo.InvariantCulture);
        var isSyncing = syncing.GetProperty("is_syncing").GetBoolean();
        var optimistic = syncing.TryGetProperty("is_optimistic", out var o) && o.GetBoolean();
        var executionOffline = syncing.TryGetProperty("el_offline", out var el) && el.GetBoolean();
        var connected = int.Parse(peers.GetProperty("connected").GetString()!, CultureInfo.InvariantCulture);
        var target = head + distance;
        var progress = target > 0 ? 100.0 * head / target : 100.0;
        var detail = executionOffline ? "the execution client (geth) is offline" : null;
        return new NodeSyncState(isSyncing ? NodeSyncStatus.Syncing : NodeSyncStatus.Synced, null, head, target,
            isSyncing ? Math.Min(progress, 99.9) : 100, connected, detail,
            [new("is_optimistic", optimistic ? "true" : "false"), new("el_offline", executionOffline ? "true" : "false")]);
    }
}
