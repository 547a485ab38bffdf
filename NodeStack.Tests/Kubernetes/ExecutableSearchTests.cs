using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>Deploy's tool checks find docker, k3d and clang the way the OS would start them, on Windows and on Unix.</summary>
public sealed class ExecutableSearchTests : IDisposable
{
    private readonly TemporaryFolder first = new();
    private readonly TemporaryFolder second = new();

    [Fact]
    public void Windows_search_finds_a_program_through_each_PATHEXT_extension_in_every_PATH_entry()
    {
        second.Write("k3d.exe", "");
        second.Write("docker.cmd", "");
        var search = Windows(path: $"{first.Path};\"{second.Path}\"", pathExt: ".com;.exe;.cmd");

        Assert.True(search.IsOnPath("k3d"));
        Assert.True(search.IsOnPath("docker"));
        Assert.False(search.IsOnPath("clang"));
    }

    [Fact]
    public void Windows_search_takes_a_name_that_has_an_extension_as_given_and_never_a_bare_file()
    {
        first.Write("deploy.ps1", "");
        first.Write("kubectl", "");
        var search = Windows(path: first.Path, pathExt: ".exe");

        Assert.True(search.IsOnPath("deploy.ps1"));
        Assert.False(search.IsOnPath("kubectl"));
    }

    [Fact]
    public void Windows_search_uses_the_default_PATHEXT_when_it_is_unset()
    {
        first.Write("k3d.EXE", "");
        first.Write("clang.JS", "");
        var search = Windows(path: first.Path, pathExt: null);

        Assert.True(search.IsOnPath("k3d"));
        Assert.False(search.IsOnPath("clang"));
    }

    [Fact]
    public void Unix_search_finds_only_a_file_with_an_execute_bit_and_ignores_PATHEXT()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Windows keeps no Unix execute bit to set.");
        var k3d = first.Write("k3d", "");
        second.Write("docker.exe", "");
        var search = new ExecutableSearch(Environment(path: $"{first.Path}:{second.Path}", pathExt: ".exe"), isWindows: false);

        Assert.False(search.IsOnPath("k3d"));
        SetUserExecute(k3d);
        Assert.True(search.IsOnPath("k3d"));
        Assert.False(search.IsOnPath("docker"));
    }

    [Fact]
    public void A_folder_named_like_the_program_is_no_program()
    {
        Directory.CreateDirectory(Path.Combine(first.Path, "k3d"));
        Directory.CreateDirectory(Path.Combine(first.Path, "k3d.exe"));

        Assert.False(Windows(path: first.Path, pathExt: ".exe").IsOnPath("k3d"));
        Assert.False(new ExecutableSearch(Environment(path: first.Path, pathExt: null), isWindows: false).IsOnPath("k3d"));
    }

    [Fact]
    public void The_process_runner_finds_this_machines_shell_and_not_a_missing_tool()
    {
        var shell = OperatingSystem.IsWindows() ? "cmd" : "sh";
        var runner = new ProcessRunner();

        Assert.True(runner.IsOnPath(shell));
        Assert.False(runner.IsOnPath("nodestack-no-such-tool"));
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }

    private static ExecutableSearch Windows(string path, string? pathExt) => new(Environment(path, pathExt), isWindows: true);

    private static Func<string, string?> Environment(string path, string? pathExt) =>
        name => name switch
        {
            "PATH" => path,
            "PATHEXT" => pathExt,
            _ => null,
        };

    private static void SetUserExecute(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute);
        }
    }
}
