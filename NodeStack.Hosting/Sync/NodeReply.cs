using System.Globalization;
using System.Text.Json;

namespace NodeStack.Hosting.Sync;

/// <summary>
/// A node's JSON reply, or a field of it, with its path (<c>getblockchaininfo.blocks</c>) for messages. Reading a
/// missing or mistyped field throws <see cref="NodeReplyException"/> naming the field, so a node answering the wrong
/// shape is reported as such, and is never confused with a bug in NodeStack (which throws anything else).
/// </summary>
/// <param name="Value">The JSON value.</param>
/// <param name="Path">Where the value comes from: the call, then the member names, such as <c>eth_syncing.currentBlock</c>.</param>
internal readonly record struct NodeReply(JsonElement Value, string Path)
{
    /// <summary>The member <paramref name="name"/>, which must be present and not null.</summary>
    public NodeReply this[string name] =>
        Optional(name) ?? throw new NodeReplyException($"{Path} has no '{name}'.");

    /// <summary>The member <paramref name="name"/>, or null when the reply lacks it or holds null there.</summary>
    public NodeReply? Optional(string name) =>
        Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out var member) && member.ValueKind != JsonValueKind.Null
            ? new NodeReply(member, $"{Path}.{name}")
            : null;

    /// <summary>A JSON string.</summary>
    public string GetString() => Value.ValueKind == JsonValueKind.String ? Value.GetString()! : throw Mistyped("a string");

    /// <summary>A JSON number that is a whole number.</summary>
    public long GetInt64() => Value.ValueKind == JsonValueKind.Number && Value.TryGetInt64(out var number) ? number : throw Mistyped("a whole number");

    /// <summary>A JSON number.</summary>
    public double GetDouble() => Value.ValueKind == JsonValueKind.Number ? Value.GetDouble() : throw Mistyped("a number");

    /// <summary>A JSON true or false.</summary>
    public bool GetBoolean() => Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? Value.GetBoolean() : throw Mistyped("true or false");

    /// <summary>The length of a JSON array.</summary>
    public int GetArrayLength() => Value.ValueKind == JsonValueKind.Array ? Value.GetArrayLength() : throw Mistyped("an array");

    /// <summary>A whole number written as a decimal string, as the Beacon API writes numbers.</summary>
    public long GetDecimalString() =>
        long.TryParse(GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Mistyped("a decimal number in a string");

    /// <summary>An exception saying this value is not <paramref name="expected"/>.</summary>
    public NodeReplyException Mistyped(string expected)
    {
        var text = Value.GetRawText();
        return new NodeReplyException($"{Path} is {(text.Length > 40 ? text[..40] + "…" : text)}, not {expected}.");
    }
}
