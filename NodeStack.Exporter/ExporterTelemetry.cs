using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace NodeStack.Exporter;

/// <summary>The exporter's trace source (a span per collection and per RPC batch), and whether telemetry is built in.</summary>
public static class ExporterTelemetry
{
    public const string ActivitySourceName = "NodeStack.Exporter";

    /// <summary>The feature switch the csproj sets (property <c>ExporterOpenTelemetry</c>).</summary>
    public const string SupportSwitch = "NodeStack.Exporter.OpenTelemetry.IsSupported";

    public static ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>
    /// False in the Native AOT publish: OpenTelemetry's code alone costs it about 6 MB RSS (docs/exporter.md), and
    /// the published exporter runs where no OTLP endpoint is configured. The trimmer removes the code behind it.
    /// </summary>
    [FeatureSwitchDefinition(SupportSwitch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(SupportSwitch, out var supported) || supported;
}
