namespace NodeStack.Tests.Fixtures;

/// <summary>
/// Finds the external tools tests run against (promtool, prometheus, bcoin, anvil, ganache, kubectl).
/// A missing tool skips the test with the reason on a developer machine and fails it when <c>CI=true</c>:
/// no silent skips.
/// </summary>
public static class RequiredTool
{
    /// <summary>The repository root: the folder that holds NodeStack.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A program on PATH, such as promtool or kubectl.</summary>
    public static string OnPath(string program, string installHint)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
        return found ?? Missing(program, installHint);
    }

    /// <summary>A test peer from tools/test-peers (bcoin, anvil, ganache).</summary>
    public static string TestPeer(string program)
    {
        var path = Path.Combine(RepositoryRoot, "tools", "test-peers", "node_modules", ".bin", program);
        return File.Exists(path) ? path : Missing(program, "run tools/test-peers/install.sh");
    }

    /// <summary>
    /// A container engine that answers (<c>docker info</c>), for the snapshot tests that run against it.
    /// </summary>
    public static async Task<string> DockerEngineAsync()
    {
        var docker = OnPath("docker", "install Docker; .ci/run installs docker.io and starts dockerd");
        var info = await ToolProcess.RunAsync(docker, ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(30));
        return info.ExitCode == 0 ? docker : Missing("dockerd", "start it: .ci/run starts dockerd when none answers; " + info.Error.Trim());
    }

    private static string Missing(string program, string installHint)
    {
        var reason = $"'{program}' is not installed ({installHint}).";
        if (RunningInCi)
        {
            Assert.Fail(reason + " CI=true, so a missing tool fails instead of skipping.");
        }

        Assert.Skip(reason);
        return "";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeStack.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NodeStack.sln not found above " + AppContext.BaseDirectory);
    }
}
