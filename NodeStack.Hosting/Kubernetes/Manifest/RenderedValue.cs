namespace NodeStack.Hosting.Kubernetes.Manifest;

/// <summary>A key of a Secret that a container needs: a secret parameter's value, or a value derived from it.</summary>
/// <param name="SecretName">The Secret's name (the parameter's name).</param>
/// <param name="Key">The key: <c>value</c> for the parameter itself, else the derived key.</param>
internal sealed record SecretKeyReference(string SecretName, string Key)
{
    public const string ValueKey = "value";

    public bool IsParameterValue => Key == ValueKey;

    /// <summary>The environment variable that carries this key into a container, for <c>$(VAR)</c> expansion.</summary>
    public string EnvironmentVariable =>
        "NODESTACK_SECRET_" + (SecretName + "_" + Key).ToUpperInvariant().Replace('-', '_').Replace('.', '_');
}

/// <summary>A value as it will appear in a manifest: literal text and references to Secret keys, in order.</summary>
internal sealed record RenderedValue(IReadOnlyList<object> Parts)
{
    public static RenderedValue Literal(string text) => new([text]);

    public IEnumerable<SecretKeyReference> Secrets => Parts.OfType<SecretKeyReference>();

    public bool HasSecrets => Secrets.Any();

    /// <summary>The value is exactly one Secret key (so it can be a plain <c>secretKeyRef</c>).</summary>
    public SecretKeyReference? SingleSecret => Parts is [SecretKeyReference only] ? only : null;

    /// <summary>
    /// The text for a container's <c>args</c> or an env <c>value</c>: literal parts escaped so Kubernetes leaves them as they
    /// are, Secret keys as <c>$(VAR)</c> references to the variables that carry them.
    /// </summary>
    public string ToKubernetesExpansion()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < Parts.Count; i++)
        {
            if (Parts[i] is SecretKeyReference secret)
            {
                text.Append("$(").Append(secret.EnvironmentVariable).Append(')');
            }
            else
            {
                var followedByReference = i + 1 < Parts.Count && Parts[i + 1] is SecretKeyReference;
                text.Append(EscapeForExpansion((string)Parts[i], followedByReference));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Kubernetes expands <c>$(VAR)</c> and turns <c>$$</c> into <c>$</c> in args and env values; doubling each <c>$</c> that
    /// could start either keeps literal text intact (a lone <c>$</c> before other characters is left alone).
    /// </summary>
    private static string EscapeForExpansion(string literal, bool followedByReference)
    {
        var escaped = new System.Text.StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            escaped.Append(literal[i]);
            var next = i + 1 < literal.Length ? literal[i + 1] : (char?)null;
            if (literal[i] == '$' && (next is '$' or '(' || (next is null && followedByReference)))
            {
                escaped.Append('$');
            }
        }

        return escaped.ToString();
    }
}
