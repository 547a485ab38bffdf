using System.Globalization;
using System.Text.Json;
using NodeStack.Hosting.Sync;

namespace NodeStack.Hosting.Ethereum;

/// <summary>Ethereum JSON-RPC quantities: <c>0x</c>-prefixed hexadecimal numbers without leading zeros.</summary>
internal static class EthereumQuantity
{
    /// <summary>Reads <paramref name="value"/> as a quantity; anything else is the node's fault.</summary>
    public static long Parse(NodeReply value)
    {
        var text = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : null;
        return text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw value.Mistyped("an Ethereum hex quantity such as \"0x1a\"");
    }

    /// <summary>Reads the result of <paramref name="method"/> as a quantity.</summary>
    public static long Parse(JsonElement result, string method) => Parse(new NodeReply(result, method));

    public static string Format(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
