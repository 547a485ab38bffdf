using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeStack.Tests.Fixtures.Simulators;

/// <summary>
/// A SIMULATOR of a beacon node's standard Beacon API (no beacon node runs here): an in-process Kestrel server on a
/// free loopback port answering <c>/eth/v1/node/syncing</c> and <c>/eth/v1/node/peer_count</c> in the format the
/// Beacon API specification defines (numbers as decimal strings inside <c>data</c>).
/// </summary>
public sealed class BeaconApiSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BeaconApiSimulator(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The Beacon API base URL.</summary>
    public Uri Url { get; }

    /// <summary>Starts a beacon node at <paramref name="headSlot"/>, <paramref name="syncDistance"/> slots behind.</summary>
    public static async Task<BeaconApiSimulator> StartAsync(long headSlot, long syncDistance, bool executionOffline, int peers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/eth/v1/node/syncing", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["head_slot"] = headSlot.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["sync_distance"] = syncDistance.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["is_syncing"] = syncDistance > 0,
                ["is_optimistic"] = false,
                ["el_offline"] = executionOffline,
            },
        }));
        app.MapGet("/eth/v1/node/peer_count", () => Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["disconnected"] = "12", ["connecting"] = "1", ["connected"] = peers.ToString(System.Globalization.CultureInfo.InvariantCulture), ["disconnecting"] = "0" },
        }));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BeaconApiSimulator(app, new Uri(address + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
