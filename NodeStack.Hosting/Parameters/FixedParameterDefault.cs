using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace NodeStack.Hosting.Parameters;

/// <summary>
/// A parameter default that is a plain value: used when configuration (<c>Parameters:{name}</c>) does not set the
/// parameter, and published as the manifest's default.
/// </summary>
/// <param name="value">The default value.</param>
internal sealed class FixedParameterDefault(string value) : ParameterDefault
{
    /// <inheritdoc />
    public override string GetDefaultValue() => value;

    /// <inheritdoc />
    public override void WriteToManifest(ManifestPublishingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Writer.WriteString("value", value);
    }
}
