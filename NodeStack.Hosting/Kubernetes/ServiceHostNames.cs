using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// The host names a resource's clients address it by, comma-separated, for servers that check the <c>Host</c> header
/// (geth's <c>--http.vhosts</c>): its resource name in the local run (its container network alias), and on Kubernetes its
/// Service's DNS names, from the short <c>geth</c> to <c>geth.eth-nodes.svc.cluster.local</c>.
/// </summary>
/// <param name="resource">The resource the names are for.</param>
internal sealed class ServiceHostNames(IResource resource) : IValueProvider, IManifestExpressionProvider
{
    /// <summary>The resource the names are for.</summary>
    public IResource Resource { get; } = resource;

    /// <inheritdoc />
    public string ValueExpression => $"{{{Resource.Name}.hostnames}}";

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Resource.Name);
}
