using System.Buffers;
using System.Globalization;
using System.Text;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4) straight into the response's buffer: no metric
/// objects, no registry, no intermediate strings.
/// </summary>
public sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    public void Family(string name, string type, string help)
    {
        Write("# HELP "u8);
        WriteText(name);
        Write(" "u8);
        WriteEscaped(help, escapeQuotes: false);
        Write("\n# TYPE "u8);
        WriteText(name);
        Write(" "u8);
        WriteText(type);
        Write("\n"u8);
    }

    public void Sample(string name, double value)
    {
        WriteText(name);
        Write(" "u8);
        WriteValue(value);
    }

    public void Sample(string name, string label, string labelValue, double value)
    {
        WriteText(name);
        WriteLabel("{"u8, label, labelValue);
        Write("} "u8);
        WriteValue(value);
    }

    public void Sample(string name, string label1, string value1, string label2, string value2, double value)
    {
        WriteText(name);
        WriteLabel("{"u8, label1, value1);
        WriteLabel(","u8, label2, value2);
        Write("} "u8);
        WriteValue(value);
    }

    /// <summary>A single-sample gauge, omitted entirely when the value is unknown (an exporter never invents values).</summary>
    public void Gauge(string name, string help, double? value)
    {
        if (value is { } known)
        {
            Family(name, "gauge", help);
            Sample(name, known);
        }
    }

    public void Counter(string name, string help, double value)
    {
        Family(name, "counter", help);
        Sample(name, value);
    }

    private void WriteLabel(ReadOnlySpan<byte> separator, string label, string value)
    {
        Write(separator);
        WriteText(label);
        Write("=\""u8);
        WriteEscaped(value, escapeQuotes: true);
        Write("\""u8);
    }

    private void WriteValue(double value)
    {
        if (double.IsNaN(value))
        {
            Write("NaN\n"u8);
            return;
        }

        if (double.IsInfinity(value))
        {
            Write(value > 0 ? "+Inf\n"u8 : "-Inf\n"u8);
            return;
        }

        var span = output.GetSpan(32);
        // Shortest round-trip form, invariant culture: 0.5, 101, 1.5E+21.
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'\n';
        output.Advance(written + 1);
    }

    private void WriteEscaped(string text, bool escapeQuotes)
    {
        if (!text.AsSpan().ContainsAny('\\', '\n', '"'))
        {
            WriteText(text);
            return;
        }

        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        WriteText(escapeQuotes ? escaped.Replace("\"", "\\\"", StringComparison.Ordinal) : escaped);
    }

    private void WriteText(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
