using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace NodeStack.Hosting.Parameters;

/// <summary>
/// Generates an Engine API JWT secret: 32 random bytes as 64 hex digits, the format geth's
/// <c>--authrpc.jwtsecret</c> and Lighthouse's <c>--execution-jwt</c> files hold.
/// </summary>
public sealed class JwtSecretParameterDefault : ParameterDefault
{
    /// <summary>The secret's size in bytes, as the Engine API specifies.</summary>
    public const int SizeInBytes = 32;

    /// <inheritdoc />
    public override string GetDefaultValue() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <inheritdoc />
    public override void WriteToManifest(ManifestPublishingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Writer.WriteStartObject("generate");
        context.Writer.WriteString("format", "hex");
        context.Writer.WriteNumber("bytes", SizeInBytes);
        context.Writer.WriteEndObject();
    }
}
