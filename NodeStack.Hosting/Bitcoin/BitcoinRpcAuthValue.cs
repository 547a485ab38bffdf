using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Kubernetes;

namespace NodeStack.Hosting.Bitcoin;

/// <summary>
/// The <c>-rpcauth</c> line of a Bitcoin Core resource as a value in the model: computed from the RPC user and
/// password parameters when the container starts, and written as <c>{name.rpcauth}</c> in manifests, so the
/// password itself never appears in bitcoind's arguments. On Kubernetes deploy computes it from the password's Secret
/// and stores it there under <see cref="DerivedKey"/>.
/// </summary>
internal sealed class BitcoinRpcAuthValue(BitcoinCoreResource bitcoin) : IKubernetesDerivedSecretValue, IManifestExpressionProvider, IValueWithReferences
{
    /// <inheritdoc />
    public string ValueExpression => $"{{{bitcoin.Name}.rpcauth}}";

    /// <inheritdoc />
    public IEnumerable<object> References => [bitcoin.RpcUser, bitcoin.RpcPassword];

    /// <inheritdoc />
    public ParameterResource Source => bitcoin.RpcPassword;

    /// <inheritdoc />
    public string DerivedKey => "rpcauth";

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var password = await bitcoin.RpcPassword.GetValueAsync(cancellationToken).ConfigureAwait(false);
        return password is null ? null : await DeriveAsync(password, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<string> DeriveAsync(string secretValue, CancellationToken cancellationToken)
    {
        return BitcoinRpcAuth.CreateLine(await RpcUserAsync(cancellationToken).ConfigureAwait(false), secretValue);
    }

    /// <inheritdoc />
    public async ValueTask<string> DeriveCommandAsync(string valueVariable, CancellationToken cancellationToken) =>
        BitcoinRpcAuth.ShellCommand(await RpcUserAsync(cancellationToken).ConfigureAwait(false), valueVariable);

    private async ValueTask<string> RpcUserAsync(CancellationToken cancellationToken) =>
        await bitcoin.RpcUser.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The RPC user parameter '{bitcoin.RpcUser.Name}' of '{bitcoin.Name}' has no value.");
}
