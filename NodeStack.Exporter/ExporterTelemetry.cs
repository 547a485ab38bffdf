using System.Diagnostics;

namespace NodeStack.Exporter;

/// <summary>The exporter's trace source: a span per collection and per RPC batch.</summary>
public static class ExporterTelemetry
{
    public const string ActivitySourceName = "NodeStack.Exporter";

    public static ActivitySource Source { get; } = new(ActivitySourceName);
}
