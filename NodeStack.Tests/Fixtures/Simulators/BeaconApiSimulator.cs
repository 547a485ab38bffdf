using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>
/// A SIMULATOR of a beacon node's standard Beacon API (no beacon node runs here): an in-process Kestrel server on a
/// free loopback port answering <c>/eth/v1/node/syncing</c> and <c>/eth/v1/node/peer_count</c> in the format the
/// Beacon API specification defines (numbers as decimal strings inside <c>data</c>).
/// </summary>
public sealed class BeaconApiSimulator : IAsyncDisposable
{
    /// <summary>The head block root it reports.</summary>
    public const string HeadRoot = "0x4d611d5b93fdab69013a7f0a2f961caca0c853f87cfe9595fe50038163079360";

    /// <summary>Sepolia's genesis validators root, as the Beacon API reports it.</summary>
    public const string GenesisValidatorsRoot = "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078";

    private readonly WebApplication _app;

    private BeaconApiSimulator(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The Beacon API base URL.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts a beacon node at <paramref name="headSlot"/>, <paramref name="syncDistance"/> slots behind, whose
    /// execution client is offline or not, and whose head is optimistic (not yet verified by the execution client) or not.
    /// </summary>
    public static async Task<BeaconApiSimulator> StartAsync(
        long headSlot, long syncDistance, bool executionOffline, bool optimistic, int peers, CancellationToken cancellationToken)
    {
        var (app, url) = await LoopbackServer.StartAsync(app => MapRoutes(app, headSlot, syncDistance, executionOffline, optimistic, peers), cancellationToken);
        return new BeaconApiSimulator(app, url);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void MapRoutes(WebApplication app, long headSlot, long syncDistance, bool executionOffline, bool optimistic, int peers)
    {
        app.MapGet("/eth/v1/node/syncing", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["head_slot"] = headSlot.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["sync_distance"] = syncDistance.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["is_syncing"] = syncDistance > 0,
                ["is_optimistic"] = optimistic,
                ["el_offline"] = executionOffline,
            },
        }));
        app.MapGet("/eth/v1/node/peer_count", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["disconnected"] = "12", ["connecting"] = "1", ["connected"] = peers.ToString(System.Globalization.CultureInfo.InvariantCulture), ["disconnecting"] = "0" },
        }));
        app.MapGet("/eth/v1/beacon/headers/head", () => Results.Json(new JsonObject
        {
            ["execution_optimistic"] = optimistic,
            ["finalized"] = false,
            ["data"] = new JsonObject
            {
                ["root"] = HeadRoot,
                ["canonical"] = true,
                ["header"] = new JsonObject
                {
                    ["message"] = new JsonObject
                    {
                        ["slot"] = headSlot.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["proposer_index"] = "1",
                        ["parent_root"] = "0x" + new string('1', 64),
                        ["state_root"] = "0x" + new string('2', 64),
                        ["body_root"] = "0x" + new string('3', 64),
                    },
                    ["signature"] = "0x" + new string('a', 192),
                },
            },
        }));
        app.MapGet("/eth/v1/beacon/genesis", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["genesis_time"] = "1655733600", ["genesis_validators_root"] = GenesisValidatorsRoot, ["genesis_fork_version"] = "0x90000069" },
        }));
    }
}
