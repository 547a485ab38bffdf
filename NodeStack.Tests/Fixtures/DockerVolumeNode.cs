using System.Globalization;

namespace NodeStack.Tests.Fixtures;

/// <summary>
/// A stand-in node on the real engine: a named volume with a little chain-like data owned by the node user (10001),
/// and a container of the local test image that mounts it at <c>/data</c>, runs as that user and stops on SIGTERM.
/// Disposing removes both.
/// </summary>
public sealed class DockerVolumeNode : IAsyncDisposable
{
    private readonly string _docker;

    private DockerVolumeNode(string docker, string name, string volume)
    {
        _docker = docker;
        Name = name;
        Volume = volume;
    }

    /// <summary>The node (resource) name; its container is named <c>{name}-test</c>.</summary>
    public string Name { get; }

    /// <summary>The volume name.</summary>
    public string Volume { get; }

    /// <summary>The container name.</summary>
    public string Container => Name + "-test";

    /// <summary>Creates the volume with its data and, if <paramref name="withContainer"/>, the running node container.</summary>
    public static async Task<DockerVolumeNode> StartAsync(bool withContainer = true)
    {
        var docker = await DockerTestImage.EnsureAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var node = new DockerVolumeNode(docker, "testnode" + suffix, "nodestack-test-" + suffix);
        await node.RunAsRootAsync("mkdir -p /data/chaindata /data/keystore && echo block-1 > /data/chaindata/000001.log && "
            + "echo genesis > /data/genesis.json && echo key > /data/keystore/UTC--key && chown -R 10001:10001 /data");
        if (withContainer)
        {
            await node.DockerAsync("run", "-d", "--name", node.Container, "--user", "10001:10001", "-v", $"{node.Volume}:/data",
                DockerTestImage.Reference, "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done");
        }

        return node;
    }

    /// <summary>Runs <paramref name="script"/> as root in a throwaway container mounting the volume at <c>/data</c>; returns stdout.</summary>
    public async Task<string> RunAsRootAsync(string script) =>
        await DockerAsync("run", "--rm", "--network", "none", "-v", $"{Volume}:/data", DockerTestImage.Reference, "sh", "-c", script);

    /// <summary>Every path below <c>/data</c> with its owner and content hash, sorted: the volume's state, for comparisons.</summary>
    public Task<string> ListingAsync() =>
        RunAsRootAsync("cd /data && find . | sort | while read -r p; do if [ -f \"$p\" ]; then echo \"$(stat -c '%u:%g %a' \"$p\") $p $(sha256sum < \"$p\")\"; else echo \"$(stat -c '%u:%g' \"$p\") $p\"; fi; done");

    /// <summary>Whether the node container runs.</summary>
    public async Task<bool> IsRunningAsync() =>
        (await DockerAsync("inspect", "--format", "{{.State.Running}}", Container)).Trim() == "true";

    /// <summary>Runs the docker CLI and returns stdout; a failure fails the test.</summary>
    public async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ToolProcess.RunAsync(_docker, arguments, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result}");
        return result.Output;
    }

    public async ValueTask DisposeAsync()
    {
        await ToolProcess.RunAsync(_docker, ["rm", "-f", Container]);
        var leftovers = await ToolProcess.RunAsync(_docker, ["ps", "-aq", "--filter", "volume=" + Volume]);
        foreach (var id in leftovers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await ToolProcess.RunAsync(_docker, ["rm", "-f", id]);
        }

        await ToolProcess.RunAsync(_docker, ["volume", "rm", "-f", Volume]);
    }

    /// <summary>Containers, besides the node's, that still mount the volume (snapshot work containers must be gone).</summary>
    public async Task<string[]> OtherContainersAsync()
    {
        var result = await DockerAsync("ps", "-a", "--format", "{{.Names}}", "--filter", "volume=" + Volume);
        return [.. result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n != Container)];
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
