using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodeStack.Exporter.Rpc;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// One call of a collection and how its result becomes the method's stored value. <see cref="Read"/> receives the
/// method's previous value when it belongs to the same <see cref="Key"/>, so calls of one method with different
/// parameters (estimatesmartfee 2, 3, 5, ...) merge into one table.
/// </summary>
internal sealed record PlannedCall(RpcCall Call, string? Key, Func<JsonElement, object?, object?> Read)
{
    public string Method => Call.Method;

    public static PlannedCall Typed<T>(RpcCall call, JsonTypeInfo<T> type, string? key = null) =>
        new(call, key, (result, _) => result.Deserialize(type));

    public static PlannedCall Number(RpcCall call, string? key = null) => new(call, key, (result, _) => result.GetDouble());

    public static PlannedCall Count(RpcCall call, string? key = null) => new(call, key, (result, _) => (double)result.GetArrayLength());

    /// <summary>Stores one number per parameter in a table; a missing number removes the entry (the node no longer knows it).</summary>
    public static PlannedCall TableEntry(RpcCall call, int entry, Func<JsonElement, double?> read, string? key = null) =>
        new(call, key, (result, previous) =>
        {
            var table = previous is IReadOnlyDictionary<int, double> known ? new Dictionary<int, double>(known) : [];
            if (read(result) is { } value)
            {
                table[entry] = value;
            }
            else
            {
                table.Remove(entry);
            }

            return table;
        });
}
