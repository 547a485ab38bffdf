using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>
/// <c>SECRETS.md</c>: the Secrets the published workloads need, which the tree names but never holds, and how to create
/// them before a plain <c>kubectl apply -k</c>: with NodeStack's secrets step, or with kubectl, openssl and python3 alone.
/// </summary>
internal static partial class SecretsDocument
{
    public static string Render(KubernetesManifest manifest)
    {
        var text = new StringBuilder();
        text.Append("<!-- ").Append(ManifestWriter.GeneratedMarker).Append(". Do not edit. -->\n");
        text.Append("# Secrets\n\n");
        text.Append("The manifests reference these Secrets but never contain their values. `k8s-deploy` creates the missing ones with random values\n");
        text.Append("and keeps existing ones untouched. Before a plain `kubectl apply -k`, create them once in the target cluster, either with\n");
        text.Append("NodeStack (the same create-or-keep logic as deploy):\n\n");
        text.Append("    dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-secrets\n\n");
        if (manifest.Secrets.Count == 0)
        {
            return text.Append("This model needs no Secrets.\n").ToString();
        }

        text.Append("or with kubectl alone, as below.\n\n");
        text.Append("| namespace | Secret | keys |\n|---|---|---|\n");
        foreach (var secret in manifest.Secrets)
        {
            var keys = new[] { $"`{SecretKeyReference.ValueKey}` ({Describe(secret.Format)})" }
                .Concat(secret.Derived.Select(d => $"`{d.DerivedKey}` (derived from `{SecretKeyReference.ValueKey}`)"));
            text.Append(CultureInfo.InvariantCulture, $"| {secret.Namespace} | {secret.Name} | {string.Join(", ", keys)} |\n");
        }

        return AppendKubectlCommands(text, manifest.Secrets).ToString();
    }

    /// <summary>
    /// One shell script: apply the tree (so the namespaces exist; pods wait for their Secrets), then per Secret draw the
    /// value once, derive its other keys from it, and create and label it in every namespace that needs it.
    /// </summary>
    private static StringBuilder AppendKubectlCommands(StringBuilder text, IReadOnlyList<SecretRequirement> secrets)
    {
        var tools = secrets.Any(s => s.Derived.Count > 0) ? "kubectl, openssl and python3" : "kubectl and openssl";
        text.Append("\n## With kubectl alone\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Needs {tools}. Run the script once, in this folder: `kubectl create` refuses to overwrite a Secret\n");
        text.Append("that exists. Secrets a deploy created carry the same labels, so `k8s-destroy` treats both alike.\n\n");
        text.Append("```sh\nkubectl apply -k .\n");
        foreach (var group in secrets.GroupBy(s => s.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            text.Append(CultureInfo.InvariantCulture, $"\n# {group.Key}: {Describe(first.Format)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{SecretRequirement.ValueVariable}=\"$({GenerateCommand(first.Format)})\"\n");
            foreach (var (key, command) in first.DeriveCommands)
            {
                text.Append(CultureInfo.InvariantCulture, $"{ShellVariable(key)}=\"$({command})\"\n");
            }

            var literals = first.DeriveCommands.Keys.Prepend(SecretKeyReference.ValueKey)
                .Select(key => $"--from-literal={key}=\"${(key == SecretKeyReference.ValueKey ? SecretRequirement.ValueVariable : ShellVariable(key))}\"");
            foreach (var secret in group.OrderBy(s => s.Namespace, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"kubectl -n {secret.Namespace} create secret generic {secret.Name} {string.Join(' ', literals)}\n");
                text.Append(CultureInfo.InvariantCulture,
                    $"kubectl -n {secret.Namespace} label secret {secret.Name} {string.Join(' ', secret.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}\n");
            }
        }

        var variables = secrets.SelectMany(s => s.DeriveCommands.Keys).Select(ShellVariable).Prepend(SecretRequirement.ValueVariable).Distinct();
        return text.Append(CultureInfo.InvariantCulture, $"unset {string.Join(' ', variables)}\n```\n");
    }

    private static string Describe(KubernetesSecretFormat format) => format switch
    {
        KubernetesSecretFormat.Hex32 => "32 random bytes as 64 hex digits",
        _ => "32 random letters and digits",
    };

    /// <summary>The openssl command that draws a value of <paramref name="format"/> (hex digits are letters and digits too).</summary>
    private static string GenerateCommand(KubernetesSecretFormat format) => format switch
    {
        KubernetesSecretFormat.Hex32 => "openssl rand -hex 32",
        _ => "openssl rand -hex 16",
    };

    private static string ShellVariable(string key) => NotIdentifier().Replace(key, "_");

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();
}
