using System.Formats.Tar;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// NodeStack's local test image, <c>nodestack-test/busybox:1</c>: Debian's static busybox imported with <c>docker import</c>
/// (no image can be pulled here), with the applets the snapshot tests and the restore swap use. Built once per engine.
/// </summary>
public static class DockerTestImage
{
    /// <summary>The image reference.</summary>
    public const string Reference = "nodestack-test/busybox:1";

    /// <summary>The image without its tag.</summary>
    public const string Repository = "nodestack-test/busybox";

    private static readonly string[] Applets = ["sh", "sleep", "mkdir", "rm", "rmdir", "mv", "cat", "echo", "ls", "find", "sort", "stat", "chown", "dd", "touch", "sha256sum", "wc", "head"];
    private static readonly SemaphoreSlim Building = new(1, 1);

    /// <summary>Makes sure the image exists and returns the docker CLI path; skips (or fails under CI) without an engine or busybox.</summary>
    public static async Task<string> EnsureAsync()
    {
        var docker = await RequiredTool.DockerEngineAsync();
        await Building.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if ((await ToolProcess.RunAsync(docker, ["image", "inspect", Reference])).ExitCode == 0)
            {
                return docker;
            }

            var busybox = File.Exists("/bin/busybox") ? "/bin/busybox" : RequiredTool.OnPath("busybox", "apt-get install busybox-static");
            using var folder = new TemporaryFolder();
            var rootfs = Path.Combine(folder.Path, "rootfs.tar");
            await using (var writer = new TarWriter(File.Create(rootfs), TarEntryFormat.Pax))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101 });
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)0b111_111_111 });
                writer.WriteEntry(busybox, "bin/busybox");
                foreach (var applet in Applets)
                {
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
                }
            }

            var import = await ToolProcess.RunAsync(docker, ["import", "--change", "CMD [\"/bin/sh\"]", rootfs, Reference]);
            Assert.True(import.ExitCode == 0, $"docker import failed: {import}");
            return docker;
        }
        finally
        {
            Building.Release();
        }
    }
}
