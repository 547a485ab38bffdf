namespace NodeStack.Exporter.Options;

/// <summary>
/// LOG_LEVEL: the Python exporter's level names (logging.setLevel), also accepted in lower case, and .NET's
/// level names. It sets the default log level; a <c>Logging__LogLevel__Default</c> setting still wins over it.
/// </summary>
public static class LogLevelSetting
{
    private static readonly Dictionary<string, LogLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CRITICAL"] = LogLevel.Critical,
        ["FATAL"] = LogLevel.Critical,
        ["ERROR"] = LogLevel.Error,
        ["WARNING"] = LogLevel.Warning,
        ["WARN"] = LogLevel.Warning,
        ["INFO"] = LogLevel.Information,
        ["DEBUG"] = LogLevel.Debug,
        // Python's NOTSET defers to the root logger, whose level is WARNING.
        ["NOTSET"] = LogLevel.Warning,
        ["Trace"] = LogLevel.Trace,
        ["Information"] = LogLevel.Information,
        ["None"] = LogLevel.None,
    };

    /// <summary>The accepted values, for the message about a bad one.</summary>
    public static string Allowed => string.Join(", ", Levels.Keys);

    public static bool TryParse(string? text, out LogLevel level) => Levels.TryGetValue(text?.Trim() ?? "", out level);
}
