using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.Snapshots;

/// <summary>How snapshots are described to the user, the same in commands, steps and lists.</summary>
internal static class SnapshotText
{
    /// <summary>"regtest, height 101 (best 0f9a…), 12 MiB of data in 3 MiB, made 2026-12-02 18:00:00 UTC by image:tag".</summary>
    public static string Describe(SnapshotManifest manifest)
    {
        var facts = manifest.Height is { } height
            ? string.Create(CultureInfo.InvariantCulture, $", height {height} (best {manifest.BestBlockHash})")
            : ", height unknown (the node was not running)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{manifest.Chain} {manifest.Network}{facts}, {Mebibytes(manifest.DataBytes)} of data in {Mebibytes(manifest.ArchiveBytes)}, made {manifest.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by {manifest.Image}:{manifest.Tag}");
    }

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB");
}

/// <summary>Progress as information lines in a logger (a node's console log, a step's log), in the order reported.</summary>
internal sealed class LoggerProgress(ILogger logger) : IProgress<string>
{
    public void Report(string value) => SnapshotLog.Progress(logger, value);
}

/// <summary>The snapshot log lines.</summary>
internal static partial class SnapshotLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    public static partial void Progress(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Id}: {Description}")]
    public static partial void Listed(ILogger logger, string id, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void Warning(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    public static partial void Failed(ILogger logger, string message);
}
