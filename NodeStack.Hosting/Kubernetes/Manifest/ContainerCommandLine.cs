using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// A container's args and env, from the same Aspire callbacks as the local run, evaluated in publish mode.
/// Secret keys reach the container only as <c>secretKeyRef</c> env vars; other values that include them use
/// <c>$(VAR)</c> expansion of those vars, which Kubernetes resolves when it starts the container.
/// </summary>
internal sealed record ContainerCommandLine(IReadOnlyList<string> Args, IReadOnlyList<V1EnvVar> Env, IReadOnlyList<SecretKeyReference> Secrets)
{
    public static async Task<ContainerCommandLine> EvaluateAsync(
        IResource resource,
        KubernetesValueRenderer renderer,
        DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        var args = await RenderArgsAsync(resource, renderer, executionContext, cancellationToken).ConfigureAwait(false);
        var env = await RenderEnvironmentAsync(resource, renderer, executionContext, cancellationToken).ConfigureAwait(false);

        var expanded = args.SelectMany(a => a.Secrets).Concat(env.Values.Where(v => v.SingleSecret is null).SelectMany(v => v.Secrets));
        var carriers = expanded.Distinct().OrderBy(s => s.EnvironmentVariable, StringComparer.Ordinal)
            .Select(s => SecretEnvVar(s.EnvironmentVariable, s));
        var variables = env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.SingleSecret is { } single
            ? SecretEnvVar(e.Key, single)
            : new V1EnvVar { Name = e.Key, Value = e.Value.ToKubernetesExpansion() });

        var secrets = args.Concat(env.Values).SelectMany(v => v.Secrets).Distinct()
            .OrderBy(s => s.SecretName, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        return new ContainerCommandLine(args.Select(a => a.ToKubernetesExpansion()).ToList(), carriers.Concat(variables).ToList(), secrets);
    }

    private static async Task<List<RenderedValue>> RenderArgsAsync(
        IResource resource, KubernetesValueRenderer renderer, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var context = new CommandLineArgsCallbackContext([], resource, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var rendered = new List<RenderedValue>();
        foreach (var (arg, index) in context.Args.Select((a, i) => (a, i)))
        {
            var where = $"Resource '{resource.Name}' argument {index}";
            var value = await renderer.RenderAsync(arg, resource, where, cancellationToken).ConfigureAwait(false);
            if (value.Secrets.FirstOrDefault(s => s.IsParameterValue) is { } secret)
            {
                throw new InvalidOperationException(
                    $"{where} contains the secret parameter '{secret.SecretName}', which would show in the process arguments. " +
                    "Pass it in an environment variable, as a file (WithSecretFile) or as a derived value (IKubernetesDerivedSecretValue).");
            }

            rendered.Add(value);
        }

        return rendered;
    }

    private static async Task<Dictionary<string, RenderedValue>> RenderEnvironmentAsync(
        IResource resource, KubernetesValueRenderer renderer, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource, [], cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var rendered = new Dictionary<string, RenderedValue>(StringComparer.Ordinal);
        foreach (var (name, value) in context.EnvironmentVariables)
        {
            rendered[name] = await renderer.RenderAsync(value, resource, $"Resource '{resource.Name}' environment variable {name}", cancellationToken)
                .ConfigureAwait(false);
        }

        return rendered;
    }

    private static V1EnvVar SecretEnvVar(string name, SecretKeyReference secret) =>
        new()
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.SecretName, Key = secret.Key } },
        };
}
