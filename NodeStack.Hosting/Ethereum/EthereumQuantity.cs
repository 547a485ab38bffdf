using System.Globalization;
using System.Text.Json;

namespace NodeStack.Hosting.Ethereum;

/// <summary>Ethereum JSON-RPC quantities: <c>0x</c>-prefixed hexadecimal numbers without leading zeros.</summary>
internal static class EthereumQuantity
{
    public static long Parse(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"Expected an Ethereum hex quantity such as \"0x1a\", got {value.GetRawText()}.");
        }

        return number;
    }

    public static string Format(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
