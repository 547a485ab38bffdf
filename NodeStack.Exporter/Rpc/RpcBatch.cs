using System.Buffers;
using System.Text.Json;

namespace NodeStack.Exporter.Rpc;

/// <summary>One JSON-RPC call: a method and its positional parameters (numbers, strings, string arrays or null).</summary>
public sealed record RpcCall(string Method, params object?[] Parameters);

/// <summary>The calls of one JSON-RPC batch request; a call's id is its index, so results map back to calls by id.</summary>
public sealed class RpcBatch
{
    private readonly List<RpcCall> _calls = [];

    public IReadOnlyList<RpcCall> Calls => _calls;

    public void Add(RpcCall call) => _calls.Add(call);

    /// <summary>Writes the batch as a JSON array without reflection (AOT-safe, one pass into a pooled buffer).</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        for (var id = 0; id < _calls.Count; id++)
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc"u8, "2.0"u8);
            json.WriteNumber("id"u8, id);
            json.WriteString("method"u8, _calls[id].Method);
            json.WriteStartArray("params"u8);
            foreach (var parameter in _calls[id].Parameters)
            {
                WriteParameter(json, parameter);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteParameter(Utf8JsonWriter json, object? parameter)
    {
        switch (parameter)
        {
            case null:
                json.WriteNullValue();
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case IEnumerable<string> texts:
                json.WriteStartArray();
                foreach (var text in texts)
                {
                    json.WriteStringValue(text);
                }

                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unsupported RPC parameter type {parameter.GetType().Name}.", nameof(parameter));
        }
    }
}
