using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// Readiness from the last collection, without calling the node: Healthy when it succeeded, Degraded (still HTTP 200)
/// when the node failed or nothing was collected yet. The exporter itself keeps serving /metrics either way, so a
/// node outage never makes /health fail and never gets the exporter restarted.
/// </summary>
public sealed class CollectionHealthCheck(CollectionCoordinator coordinator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = coordinator.Current;
        return Task.FromResult(snapshot switch
        {
            { Collected: false } => HealthCheckResult.Degraded("No collection has run yet (the first scrape starts one)."),
            { Up: true } => HealthCheckResult.Healthy("The last collection succeeded."),
            _ => HealthCheckResult.Degraded("The last collection failed: " + snapshot.LastFault),
        });
    }
}
