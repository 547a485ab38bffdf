using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// The <c>-rpcauth</c> line of a Bitcoin Core resource as a value in the model: computed from the RPC user and
/// password parameters when the container starts, and written as <c>{name.rpcauth}</c> in manifests, so the
/// password itself never appears in bitcoind's arguments.
/// </summary>
public sealed class BitcoinRpcAuthValue(BitcoinCoreResource bitcoin) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    /// <inheritdoc />
    public string ValueExpression => $"{{{bitcoin.Name}.rpcauth}}";

    /// <inheritdoc />
    public IEnumerable<object> References => [bitcoin.RpcUser, bitcoin.RpcPassword];

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var user = await bitcoin.RpcUser.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var password = await bitcoin.RpcPassword.GetValueAsync(cancellationToken).ConfigureAwait(false);
        return user is null || password is null ? null : BitcoinRpcAuth.CreateLine(user, password);
    }
}
