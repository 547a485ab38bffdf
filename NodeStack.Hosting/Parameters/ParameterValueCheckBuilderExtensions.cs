using Aspire.Hosting.ApplicationModel;
using NodeStack.Hosting.Parameters;
using NodeStack.Hosting.Profiles;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Checks configured parameter values while the model is built, like the <c>NodeStack</c> settings.</summary>
public static class ParameterValueCheckBuilderExtensions
{
    /// <summary>
    /// Fails now, with a <see cref="NodeStackSettingsException"/> naming <c>Parameters:{name}</c> and
    /// <paramref name="allowedValues"/>, when configuration sets the parameter to a value <paramref name="findProblem"/>
    /// rejects; otherwise the bad value would only fail when the container starts, deep inside its arguments. An unset
    /// parameter is not checked: its default is valid by construction. A secret's value never appears in the message,
    /// only what <paramref name="findProblem"/> says is wrong with it.
    /// </summary>
    /// <param name="builder">The parameter, read from <c>Parameters:{name}</c> as Aspire reads it.</param>
    /// <param name="allowedValues">What the parameter accepts, for the message.</param>
    /// <param name="findProblem">Returns what is wrong with a value (without quoting it), or null when it is valid.</param>
    public static IResourceBuilder<ParameterResource> WithValueCheck(
        this IResourceBuilder<ParameterResource> builder,
        string allowedValues,
        Func<string, string?> findProblem)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(findProblem);
        var parameter = builder.Resource;
        var key = $"Parameters:{parameter.Name}";
        var configuration = builder.ApplicationBuilder.Configuration;
        // Aspire falls back to the key with '_' for '-' (environment variables cannot hold '-').
        var value = NullIfEmpty(configuration[key]) ?? NullIfEmpty(configuration[key.Replace('-', '_')]);
        if (value is not null && findProblem(value) is { } problem)
        {
            throw new NodeStackSettingsException([parameter.Secret
                ? $"{key} = (secret, not shown) is not valid: {problem}. Allowed values: {allowedValues}."
                : $"{key} = '{value}' is not valid. Allowed values: {allowedValues}."]);
        }

        return builder;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
