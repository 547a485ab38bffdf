using System.Runtime.CompilerServices;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Turns off configuration reload-on-change for every host the tests build, in this process and in the processes it
/// starts (the exporter, the AppHost, and through DCP the dashboard and projects). Each .NET host otherwise watches its
/// appsettings files with a FileSystemWatcher, one inotify instance each on Linux, held until the host is collected:
/// the suite reached the per-user limit of 128 that way. <c>hostBuilder:reloadConfigOnChange</c> is the host setting
/// that <c>HostApplicationBuilder</c> (and so Aspire's builders and <c>WebApplication</c>) reads from its
/// <c>DOTNET_</c> environment variables before it adds the files.
/// </summary>
internal static class ConfigurationFileWatching
{
    public const string ReloadOnChangeVariable = "DOTNET_hostBuilder__reloadConfigOnChange";

    [ModuleInitializer]
    internal static void TurnOffForEveryHost() => Environment.SetEnvironmentVariable(ReloadOnChangeVariable, "false");
}
