using System.Diagnostics;

namespace NodeStack.Bench.Exporter;

/// <summary>The exporter binary to measure: the Native AOT publish (default) or the JIT build, run as its own process.</summary>
public sealed record ExporterBuild(string FileName, string[] Arguments, string Description)
{
    public static async Task<ExporterBuild> PrepareAsync(bool useJit)
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "NodeStack.Exporter", "NodeStack.Exporter.csproj");
        var output = Path.Combine(root, "artifacts", "bench", useJit ? "exporter-jit" : "exporter-aot");
        var publish = useJit
            ? new[] { "publish", project, "-c", "Release", "-o", output, "-p:PublishAot=false" }
            : ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", output];
        Console.Error.WriteLine($"Publishing the exporter ({(useJit ? "JIT" : "Native AOT")}) to {output} ...");
        using var process = Process.Start(new ProcessStartInfo("dotnet", publish) { RedirectStandardOutput = true })!;
        var log = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + log);
        }

        return useJit
            ? new ExporterBuild("dotnet", [Path.Combine(output, "NodeStack.Exporter.dll")], "JIT (dotnet NodeStack.Exporter.dll, Release)")
            : new ExporterBuild(Path.Combine(output, "NodeStack.Exporter"), [], "Native AOT (linux-x64, Release)");
    }

    private static string RepositoryRoot()
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
