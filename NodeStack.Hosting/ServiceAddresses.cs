using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Hosting;

/// <summary>
/// How one resource's configuration addresses the model's endpoints, in the runtime the configuration is written for:
/// through the container network in the local run, by Service DNS names on Kubernetes. A configuration generator asks
/// this instead of knowing the runtime, so the same <c>WithContainerFiles</c> callback writes both runtimes' files.
/// </summary>
internal abstract class ServiceAddresses
{
    /// <summary>The endpoint's URL as the calling resource reaches it, such as <c>http://prometheus:9090</c>.</summary>
    public abstract ValueTask<string> UrlAsync(EndpointReference endpoint, CancellationToken cancellationToken);

    /// <summary>Where Prometheus scrapes the endpoint.</summary>
    public abstract ValueTask<ScrapeAddress> ScrapeAddressAsync(EndpointReference endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// The addresses for the resource whose container files are being written: the publisher's when it runs the callback
    /// for a publish, else the local run's.
    /// </summary>
    public static ServiceAddresses For(ContainerFileSystemCallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetService<ServiceAddresses>()
            ?? new LocalServiceAddresses(context.Model, context.Services.GetRequiredService<DistributedApplicationExecutionContext>());
    }
}

/// <summary>The local run's addresses: each endpoint as the calling container sees it on the container network.</summary>
internal sealed class LocalServiceAddresses(IResource caller, DistributedApplicationExecutionContext executionContext) : ServiceAddresses
{
    private ValueProviderContext Context => new() { ExecutionContext = executionContext, Caller = caller };

    public override ValueTask<string> UrlAsync(EndpointReference endpoint, CancellationToken cancellationToken) =>
        ResolveAsync(endpoint, EndpointProperty.Url, cancellationToken);

    public override async ValueTask<ScrapeAddress> ScrapeAddressAsync(EndpointReference endpoint, CancellationToken cancellationToken) =>
        new(await ResolveAsync(endpoint, EndpointProperty.HostAndPort, cancellationToken).ConfigureAwait(false));

    private async ValueTask<string> ResolveAsync(EndpointReference endpoint, EndpointProperty property, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return await endpoint.Property(property).GetValueAsync(Context, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Endpoint '{endpoint.EndpointName}' of '{endpoint.Resource.Name}' has no address.");
    }
}
