using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>What <see cref="SecretProvisioner"/> did with a Secret (never its values).</summary>
internal enum SecretOutcome
{
    /// <summary>It existed with every key: untouched.</summary>
    Kept,

    /// <summary>It existed, and derived keys were added or brought up to date from its value (which was kept).</summary>
    Completed,

    /// <summary>It was missing and was created.</summary>
    Created,
}

/// <summary>
/// Creates missing Secrets with random values and keeps existing ones' values (their derived keys follow the value). A secret needed in several namespaces gets the same
/// value in each (the first one found or generated), so a client and its server agree. Values never leave this class
/// except to the API server.
/// </summary>
internal sealed class SecretProvisioner(IKubernetes client)
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Dictionary<string, string> _valuesByName = new(StringComparer.Ordinal);

    public async Task<SecretOutcome> EnsureAsync(SecretRequirement secret, IEnumerable<string> otherNamespaces, CancellationToken cancellationToken)
    {
        var existing = await ReadAsync(secret.Namespace, secret.Name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return await CompleteAsync(secret, existing, cancellationToken).ConfigureAwait(false);
        }

        var value = await SharedValueAsync(secret, otherNamespaces, cancellationToken).ConfigureAwait(false);
        var data = new SortedDictionary<string, string>(StringComparer.Ordinal) { [SecretKeyReference.ValueKey] = value };
        foreach (var derived in secret.Derived)
        {
            data[derived.DerivedKey] = await derived.DeriveAsync(value, cancellationToken).ConfigureAwait(false);
        }

        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            ApiVersion = V1Secret.KubeApiVersion,
            Kind = V1Secret.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = secret.Name,
                NamespaceProperty = secret.Namespace,
                Labels = secret.Labels.ToDictionary(),
            },
            Type = "Opaque",
            StringData = data,
        }, secret.Namespace, fieldManager: KubernetesApi.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        return SecretOutcome.Created;
    }

    public static string Generate(KubernetesSecretFormat format) => format switch
    {
        KubernetesSecretFormat.Hex32 => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        _ => RandomNumberGenerator.GetString(Alphanumerics, 32),
    };

    /// <summary>
    /// Keeps the value; recomputes each derived key from it and writes the ones that are missing or differ (their inputs,
    /// such as the RPC user name, may have changed since they were stored).
    /// </summary>
    private async Task<SecretOutcome> CompleteAsync(SecretRequirement secret, V1Secret existing, CancellationToken cancellationToken)
    {
        var value = existing.Data?.TryGetValue(SecretKeyReference.ValueKey, out var bytes) == true
            ? Encoding.UTF8.GetString(bytes)
            : throw new InvalidOperationException($"Secret {secret.Namespace}/{secret.Name} exists but has no '{SecretKeyReference.ValueKey}' key; add it or delete the Secret.");
        _valuesByName[secret.Name] = value;
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var derived in secret.Derived)
        {
            var expected = await derived.DeriveAsync(value, cancellationToken).ConfigureAwait(false);
            if (existing.Data.TryGetValue(derived.DerivedKey, out var stored) != true || Encoding.UTF8.GetString(stored) != expected)
            {
                changed[derived.DerivedKey] = expected;
            }
        }

        if (changed.Count == 0)
        {
            return SecretOutcome.Kept;
        }

        await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(new V1Secret { StringData = changed }, V1Patch.PatchType.MergePatch), secret.Name, secret.Namespace,
            fieldManager: KubernetesApi.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        return SecretOutcome.Completed;
    }

    private async Task<string> SharedValueAsync(SecretRequirement secret, IEnumerable<string> otherNamespaces, CancellationToken cancellationToken)
    {
        if (_valuesByName.TryGetValue(secret.Name, out var known))
        {
            return known;
        }

        foreach (var other in otherNamespaces)
        {
            if (await ReadAsync(other, secret.Name, cancellationToken).ConfigureAwait(false) is { Data: { } data }
                && data.TryGetValue(SecretKeyReference.ValueKey, out var bytes))
            {
                return _valuesByName[secret.Name] = Encoding.UTF8.GetString(bytes);
            }
        }

        return _valuesByName[secret.Name] = Generate(secret.Format);
    }

    private async Task<V1Secret?> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (KubernetesApi.IsNotFound(e))
        {
            return null;
        }
    }
}
