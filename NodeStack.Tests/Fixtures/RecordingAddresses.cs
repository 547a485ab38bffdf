using NodeStack.Hosting;
using NodeStack.Hosting.Monitoring;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Service addresses for a configuration callback under test: every endpoint's URL is <paramref name="url"/>, and each
/// endpoint the configuration asks for is recorded, so a test sees what the configuration reaches.
/// </summary>
internal sealed class RecordingAddresses(string url) : ServiceAddresses
{
    public List<EndpointReference> Asked { get; } = [];

    public override ValueTask<string> UrlAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        Asked.Add(endpoint);
        return ValueTask.FromResult(url);
    }

    public override ValueTask<ScrapeAddress> ScrapeAddressAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        Asked.Add(endpoint);
        return ValueTask.FromResult(new ScrapeAddress(new Uri(url).Authority));
    }
}
