using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace NodeStack.Hosting.Parameters;

/// <summary>
/// Generates an Engine API JWT secret: 32 random bytes as 64 hex digits, the format geth's
/// <c>--authrpc.jwtsecret</c> and Lighthouse's <c>--execution-jwt</c> files hold.
/// </summary>
internal sealed class JwtSecretParameterDefault : ParameterDefault
{
    /// <summary>The secret's size in bytes, as the Engine API specifies.</summary>
    public const int SizeInBytes = 32;

    /// <summary>What a configured secret must look like, for messages.</summary>
    public const string AllowedValues = "64 hex digits (32 bytes), such as `openssl rand -hex 32` prints";

    /// <summary>What is wrong with <paramref name="value"/> as an Engine API JWT secret (without quoting it), or null when it is valid.</summary>
    public static string? FindProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != 2 * SizeInBytes)
        {
            return $"it has {value.Length} characters, not {2 * SizeInBytes}";
        }

        return value.All(char.IsAsciiHexDigit) ? null : "it holds characters other than the hex digits 0-9 and a-f";
    }

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
