using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>
/// Translates the values Aspire's argument and environment callbacks produce into what a Kubernetes manifest can hold:
/// endpoints become service DNS addresses, non-secret parameters their configured value, and secret parameters (or values
/// derived from them) references to Secret keys, never their value.
/// </summary>
internal sealed class KubernetesValueRenderer(KubernetesServiceAddresses addresses, DistributedApplicationExecutionContext executionContext)
{
    private readonly Dictionary<SecretKeyReference, IKubernetesDerivedSecretValue> _derivedValues = [];
    private readonly Dictionary<string, ParameterResource> _secretParameters = new(StringComparer.Ordinal);

    private DistributedApplicationExecutionContext ExecutionContext => executionContext;

    /// <summary>The derived secret values met while rendering, by the Secret key deploy stores them under.</summary>
    public IReadOnlyDictionary<SecretKeyReference, IKubernetesDerivedSecretValue> DerivedValues => _derivedValues;

    /// <summary>The secret parameters met while rendering (some are not in the model, such as generated passwords), by Secret name.</summary>
    public IReadOnlyDictionary<string, ParameterResource> SecretParameters => _secretParameters;

    /// <summary>The Secret key holding <paramref name="secret"/>'s value, which a container receives as a file.</summary>
    public SecretKeyReference SecretFile(ParameterResource secret, string where)
    {
        RequireSecret(secret, where);
        return ValueOf(secret);
    }

    /// <summary>
    /// Renders <paramref name="value"/> as <paramref name="caller"/> receives it (recording the endpoints it is given);
    /// <paramref name="where"/> names it in error messages (resource and variable or argument).
    /// </summary>
    public async Task<RenderedValue> RenderAsync(object? value, IResource caller, string where, CancellationToken cancellationToken)
    {
        var parts = new List<object>();
        await new Rendering(this, addresses.ForCaller(caller), where).AppendAsync(parts, value, uriEncode: false, cancellationToken).ConfigureAwait(false);
        return new RenderedValue(Merge(parts));
    }

    /// <summary>One value being rendered for one caller.</summary>
    private sealed class Rendering(KubernetesValueRenderer renderer, KubernetesServiceAddresses addresses, string where)
    {
        public async Task AppendAsync(List<object> parts, object? value, bool uriEncode, CancellationToken cancellationToken)
        {
            switch (value)
            {
                case null:
                    return;
                case string text:
                    parts.Add(uriEncode ? Uri.EscapeDataString(text) : text);
                    return;
                case ServiceHostNames names:
                    parts.Add(string.Join(',', addresses.HostNames(names.Resource)));
                    return;
                case IKubernetesDerivedSecretValue derived:
                    RequireSecret(derived.Source, where);
                    renderer.ValueOf(derived.Source);
                    var key = new SecretKeyReference(SecretName(derived.Source), derived.DerivedKey);
                    renderer._derivedValues[key] = derived;
                    parts.Add(key);
                    return;
                case ParameterResource { Secret: true } secret:
                    // Generated secret values are letters and digits only, so URI-encoding them changes nothing.
                    parts.Add(renderer.ValueOf(secret));
                    return;
                case ParameterResource parameter:
                    parts.Add(Encode(await ParameterValueAsync(parameter, where, cancellationToken).ConfigureAwait(false), uriEncode));
                    return;
                case EndpointReference endpoint:
                    parts.Add(addresses.Url(endpoint));
                    return;
                case EndpointReferenceExpression expression:
                    parts.Add(EndpointProperty(expression));
                    return;
                case ConnectionStringReference connectionString:
                    await AppendAsync(parts, connectionString.Resource.ConnectionStringExpression, uriEncode, cancellationToken).ConfigureAwait(false);
                    return;
                case IResourceWithConnectionString resource:
                    await AppendAsync(parts, resource.ConnectionStringExpression, uriEncode, cancellationToken).ConfigureAwait(false);
                    return;
                case ReferenceExpression expression:
                    await AppendExpressionAsync(parts, expression, cancellationToken).ConfigureAwait(false);
                    return;
                case IResourceBuilder<IResource> builder:
                    await AppendAsync(parts, builder.Resource, uriEncode, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    var expressionText = (value as IManifestExpressionProvider)?.ValueExpression ?? value.ToString();
                    throw new InvalidOperationException(
                        $"{where}: a value of type {value.GetType().Name} ({expressionText}) has no Kubernetes translation. " +
                        "Use a string, an endpoint, a parameter or a reference expression of those.");
            }
        }

        private async Task AppendExpressionAsync(List<object> parts, ReferenceExpression expression, CancellationToken cancellationToken)
        {
            if (expression.IsConditional)
            {
                var condition = await expression.Condition!.GetValueAsync(new ValueProviderContext { ExecutionContext = renderer.ExecutionContext }, cancellationToken)
                    .ConfigureAwait(false);
                var branch = string.Equals(condition, expression.MatchValue, StringComparison.OrdinalIgnoreCase) ? expression.WhenTrue : expression.WhenFalse;
                await AppendAsync(parts, branch, uriEncode: false, cancellationToken).ConfigureAwait(false);
                return;
            }

            var format = expression.Format;
            var literal = new System.Text.StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] is '{' or '}' && i + 1 < format.Length && format[i + 1] == format[i])
                {
                    literal.Append(format[i++]);
                }
                else if (format[i] == '{')
                {
                    var close = format.IndexOf('}', i);
                    var index = int.Parse(format.AsSpan(i + 1, close - i - 1), CultureInfo.InvariantCulture);
                    parts.Add(literal.ToString());
                    literal.Clear();
                    var uriEncode = index < expression.StringFormats.Count && expression.StringFormats[index] == "uri";
                    await AppendAsync(parts, expression.ValueProviders[index], uriEncode, cancellationToken).ConfigureAwait(false);
                    i = close;
                }
                else
                {
                    literal.Append(format[i]);
                }
            }

            parts.Add(literal.ToString());
        }

        private string EndpointProperty(EndpointReferenceExpression expression)
        {
            var endpoint = expression.Endpoint;
            addresses.Reach(endpoint);
            return expression.Property switch
            {
                Aspire.Hosting.ApplicationModel.EndpointProperty.Url => addresses.Url(endpoint),
                Aspire.Hosting.ApplicationModel.EndpointProperty.Host or Aspire.Hosting.ApplicationModel.EndpointProperty.IPV4Host => addresses.Host(endpoint.Resource),
                Aspire.Hosting.ApplicationModel.EndpointProperty.Port or Aspire.Hosting.ApplicationModel.EndpointProperty.TargetPort =>
                    addresses.Port(endpoint).ToString(CultureInfo.InvariantCulture),
                Aspire.Hosting.ApplicationModel.EndpointProperty.HostAndPort => addresses.HostAndPort(endpoint),
                Aspire.Hosting.ApplicationModel.EndpointProperty.Scheme => endpoint.EndpointAnnotation.UriScheme,
                Aspire.Hosting.ApplicationModel.EndpointProperty.TlsEnabled => endpoint.EndpointAnnotation.UriScheme == "https" ? "true" : "false",
                _ => throw new InvalidOperationException($"{where}: endpoint property {expression.Property} has no Kubernetes translation."),
            };
        }
    }

    private static async Task<string> ParameterValueAsync(ParameterResource parameter, string where, CancellationToken cancellationToken)
    {
        try
        {
            return await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"{where}: parameter '{parameter.Name}' has no value to publish; set Parameters:{parameter.Name} in configuration.", e);
        }
    }

    private static void RequireSecret(ParameterResource source, string where)
    {
        if (!source.Secret)
        {
            throw new InvalidOperationException($"{where}: a Secret's value must come from a secret parameter; '{source.Name}' is not secret.");
        }
    }

    private SecretKeyReference ValueOf(ParameterResource secret)
    {
        _secretParameters[SecretName(secret)] = secret;
        return new SecretKeyReference(SecretName(secret), SecretKeyReference.ValueKey);
    }

    private static string Encode(string text, bool uriEncode) => uriEncode ? Uri.EscapeDataString(text) : text;

    /// <summary>The Secret that holds a secret parameter: named after the parameter.</summary>
    public static string SecretName(ParameterResource parameter) => parameter.Name.ToLowerInvariant();

    private static List<object> Merge(List<object> parts)
    {
        var merged = new List<object>();
        foreach (var part in parts)
        {
            if (part is string text && merged.Count > 0 && merged[^1] is string previous)
            {
                merged[^1] = previous + text;
            }
            else if (part is not "")
            {
                merged.Add(part);
            }
        }

        return merged;
    }
}
