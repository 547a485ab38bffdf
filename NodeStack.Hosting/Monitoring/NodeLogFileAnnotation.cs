using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Monitoring;

/// <summary>
/// Says that a node container also writes its log to a file inside one of its volumes, so that Fluent Bit can
/// tail it locally (on Kubernetes, Fluent Bit reads the container logs instead).
/// </summary>
/// <param name="Format">The log line format, one of <see cref="NodeLogFormats"/>; it selects the parser.</param>
/// <param name="ContainerPath">The absolute path of the log file inside the node container, under a volume mount.</param>
internal sealed record NodeLogFileAnnotation(string Format, string ContainerPath) : IResourceAnnotation;

/// <summary>The log line formats NodeStack can parse.</summary>
internal static class NodeLogFormats
{
    /// <summary>geth's terminal/logfmt-style lines: <c>INFO [11-27|06:26:07.123] Imported new chain segment number=1 ...</c>.</summary>
    public const string Geth = "geth";

    /// <summary>bitcoind's debug.log lines: <c>2026-11-27T06:26:07Z UpdateTip: new best=... height=1 ...</c>.</summary>
    public const string Bitcoind = "bitcoind";

    /// <summary>Lighthouse's lines: <c>Nov 27 06:26:07.123 INFO Synced ... slot: 1</c>.</summary>
    public const string Lighthouse = "lighthouse";
}
