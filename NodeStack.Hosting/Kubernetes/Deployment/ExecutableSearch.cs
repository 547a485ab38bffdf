namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>
/// Finds a program on PATH the way the OS would start it. Windows tries each PATH entry with each PATHEXT extension
/// (<c>k3d</c> is <c>k3d.exe</c>), and the name as given when it already has one; Unix needs an execute bit.
/// The environment and the OS are injected, so both branches are tested on any machine.
/// </summary>
internal sealed class ExecutableSearch(Func<string, string?> environmentVariable, bool isWindows)
{
    // Windows' own default, used when PATHEXT is unset.
    private const string DefaultPathExtensions = ".COM;.EXE;.BAT;.CMD";

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static ExecutableSearch ForThisMachine { get; } = new(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows());

    private char PathSeparator => isWindows ? ';' : ':';

    public bool IsOnPath(string program) =>
        Split(environmentVariable("PATH"), PathSeparator)
            .Select(directory => directory.Trim('"'))
            .SelectMany(directory => FileNames(program).Select(name => Path.Combine(directory, name)))
            .Any(IsExecutable);

    private IEnumerable<string> FileNames(string program)
    {
        if (!isWindows)
        {
            return [program];
        }

        var withExtensions = Split(environmentVariable("PATHEXT") ?? DefaultPathExtensions, ';').Select(extension => program + extension);
        return Path.HasExtension(program) ? withExtensions.Prepend(program) : withExtensions;
    }

    private bool IsExecutable(string path) => File.Exists(path) && (isWindows || HasExecuteBit(path));

    // Windows keeps no execute bit, so a Unix search injected there accepts any file.
    private static bool HasExecuteBit(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;

    private static string[] Split(string? list, char separator) =>
        (list ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
