using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// How the exporter is published to Kubernetes: a Deployment beside Bitcoin Core in <c>btc-nodes</c>, from the image the
/// .NET SDK builds (Native AOT on <c>runtime-deps</c>, the <c>app</c> user 1654), listening on the exporter's well-known
/// port 9332. It reaches Bitcoin Core's RPC, the address its connection string gives it (so that port admits it), with
/// the password from the Secret. Readiness is <c>/health</c>, which stays 200 while the node is down, so Prometheus keeps scraping
/// <c>bitcoin_up 0</c>.
/// </summary>
internal static class BitcoinExporterKubernetes
{
    /// <summary>The exporter's port on Kubernetes: 9332, its entry in Prometheus' default port allocations.</summary>
    public const int Port = 9332;

    public static void Configure(IResourceBuilder<ProjectResource> exporter)
    {
        if (exporter.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            // Only the cluster gets the fixed port: locally it would collide with anything else on the machine.
            exporter.WithEndpoint("http", endpoint => endpoint.TargetPort = Port);
        }

        exporter.PublishAsKubernetesPod(pod =>
        {
            pod.Namespace = BitcoinCoreKubernetes.Namespace;
            pod.Component = "exporter";
            pod.WithResources("25m", "64Mi", "250m", "128Mi");
        });
    }
}
