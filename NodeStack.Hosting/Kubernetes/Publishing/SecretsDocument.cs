using System.Text;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>
/// <c>SECRETS.md</c>: the Secrets the published workloads need, which the tree names but never holds, and how to create
/// them before a plain <c>kubectl apply -k</c>.
/// </summary>
internal static class SecretsDocument
{
    public static string Render(KubernetesManifest manifest)
    {
        var text = new StringBuilder();
        text.Append("<!-- ").Append(ManifestWriter.GeneratedMarker).Append(". Do not edit. -->\n");
        text.Append("# Secrets\n\n");
        text.Append("The manifests reference these Secrets but never contain their values. `k8s-deploy` creates the missing ones with random values\n");
        text.Append("and keeps existing ones untouched. Before a plain `kubectl apply -k`, create them once in the target cluster with:\n\n");
        text.Append("    dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-secrets\n\n");
        if (manifest.Secrets.Count == 0)
        {
            return text.Append("This model needs no Secrets.\n").ToString();
        }

        text.Append("| namespace | Secret | keys |\n|---|---|---|\n");
        foreach (var secret in manifest.Secrets)
        {
            var keys = new[] { $"`value` ({Describe(secret.Format)})" }
                .Concat(secret.Derived.Select(d => $"`{d.DerivedKey}` (derived from `value`)"));
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {secret.Namespace} | {secret.Name} | {string.Join(", ", keys)} |\n");
        }

        return text.ToString();
    }

    private static string Describe(KubernetesSecretFormat format) => format switch
    {
        KubernetesSecretFormat.Hex32 => "32 random bytes as 64 hex digits",
        _ => "32 random letters and digits",
    };
}
