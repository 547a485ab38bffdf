using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>How deploy generates a missing secret value: as the parameter's own generator does (see the manifest builder).</summary>
internal enum KubernetesSecretFormat
{
    /// <summary>32 random letters and digits: safe in URLs and connection strings without escaping.</summary>
    Password,

    /// <summary>32 random bytes as 64 hex digits, the Engine API JWT secret format.</summary>
    Hex32,
}

/// <summary>
/// A value computed from a secret parameter (such as Bitcoin Core's <c>-rpcauth</c> line, a salted hash of the password)
/// that may appear in container arguments. Deploy stores it next to the secret, under <see cref="DerivedKey"/>, and the
/// container receives it through an environment variable from that Secret key, never as a literal in the manifests.
/// Implement this on the value provider the resource already uses locally.
/// </summary>
internal interface IKubernetesDerivedSecretValue : IValueProvider
{
    /// <summary>The secret parameter the value is computed from.</summary>
    ParameterResource Source { get; }

    /// <summary>The Secret key the value is stored under, such as <c>rpcauth</c>.</summary>
    string DerivedKey { get; }

    /// <summary>Computes the value from the secret's value; runs at deploy time.</summary>
    ValueTask<string> DeriveAsync(string secretValue, CancellationToken cancellationToken);

    /// <summary>
    /// A POSIX shell command that prints the same value as <see cref="DeriveAsync"/> from the secret's value in the shell
    /// variable <paramref name="valueVariable"/> (passed to the program in its environment, never in its arguments).
    /// <c>SECRETS.md</c> gives it to users who create the Secret with kubectl; runs at publish time, so it may read
    /// non-secret parameters only.
    /// </summary>
    ValueTask<string> DeriveCommandAsync(string valueVariable, CancellationToken cancellationToken);
}
