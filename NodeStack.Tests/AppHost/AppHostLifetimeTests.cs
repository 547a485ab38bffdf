using System.Security.Cryptography;
using System.Text;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Hosting.Ethereum;
using NodeStack.Hosting.Profiles;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// The node containers' lifetime (<c>NodeStack:Nodes:Lifetime</c>), and what makes a persistent container worth
/// keeping: Aspire (DCP) recreates a persistent container whenever a hash of its configuration changes, so a second
/// run must produce exactly the same container arguments, environment and files.
/// </summary>
public class AppHostLifetimeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(new string[0], ContainerLifetime.Session, ContainerLifetime.Session)]
    [InlineData(new[] { "--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet" }, ContainerLifetime.Persistent, ContainerLifetime.Persistent)]
    [InlineData(new[] { "--NodeStack:Ethereum:Network=hoodi" }, ContainerLifetime.Persistent, ContainerLifetime.Session)]
    [InlineData(new[] { "--NodeStack:Ethereum:Network=mainnet", "--NodeStack:Bitcoin:Network=main", "--NodeStack:Nodes:Lifetime=session" }, ContainerLifetime.Session, ContainerLifetime.Session)]
    [InlineData(new[] { "--NodeStack:Nodes:Lifetime=Persistent" }, ContainerLifetime.Persistent, ContainerLifetime.Persistent)]
    public async Task Nodes_are_persistent_on_public_networks_and_session_scoped_on_dev_chains_unless_the_lifetime_setting_says_otherwise(
        string[] arguments, ContainerLifetime ethereum, ContainerLifetime bitcoin)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(arguments, Cancel);

        var geth = builder.Resources.OfType<GethResource>().Single();
        Assert.Equal(ethereum, Lifetime(geth));
        Assert.Equal(bitcoin, Lifetime(builder.Resources.OfType<BitcoinCoreResource>().Single()));
        if (geth.ConsensusClient is { } lighthouse)
        {
            Assert.Equal(ethereum, Lifetime(lighthouse));
        }
    }

    [Fact]
    public async Task Invalid_lifetime_stops_the_apphost_naming_the_setting_and_its_allowed_values()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--NodeStack:Nodes:Lifetime=forever"], Cancel));

        var settingsError = Assert.IsType<NodeStackSettingsException>(error as NodeStackSettingsException ?? error.InnerException);
        Assert.Contains("NodeStack:Nodes:Lifetime = 'forever' is not valid. Allowed values: session, persistent.", settingsError.Errors);
    }

    [Fact]
    public async Task A_second_run_gives_the_persistent_nodes_identical_arguments_environment_and_files_so_their_containers_are_reused()
    {
        using var secrets = new TemporaryUserSecrets();

        var first = await NodeContainerSpecsAsync(secrets);
        var second = await NodeContainerSpecsAsync(secrets);

        Assert.Equal(["bitcoin", "geth", "lighthouse"], first.Keys.Order());
        foreach (var (node, spec) in first)
        {
            Assert.Equal(spec, second[node]);
        }
    }

    private static ContainerLifetime Lifetime(IResource node) =>
        node.Annotations.OfType<ContainerLifetimeAnnotation>().LastOrDefault()?.Lifetime ?? ContainerLifetime.Session;

    // Everything NodeStack puts into a node container's definition, as the local run resolves it. Every build allocates
    // other host ports (as every run does), so a value that follows them would show up as a difference.
    private static async Task<Dictionary<string, string>> NodeContainerSpecsAsync(TemporaryUserSecrets secrets)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            [secrets.Argument, "--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet"], Cancel);
        var nodes = builder.Resources.Where(r => r is GethResource or LighthouseResource or BitcoinCoreResource).Cast<ContainerResource>().ToList();
        nodes.ForEach(ModelEvaluation.AllocateEndpoints);
        var specs = new Dictionary<string, string>();
        foreach (var node in nodes)
        {
            Assert.Equal(ContainerLifetime.Persistent, Lifetime(node));
            var args = await ModelEvaluation.ArgsAsync(node, DistributedApplicationOperation.Run);
            var env = await ModelEvaluation.EnvAsync(node, DistributedApplicationOperation.Run);
            var files = new List<string>();
            foreach (var destination in node.Annotations.OfType<ContainerFileSystemCallbackAnnotation>().Select(a => a.DestinationPath))
            {
                files.AddRange((await ModelEvaluation.ContainerFilesAsync(node, destination)).Select(item => Describe(destination, item)));
            }

            specs[node.Name] = string.Join('\n', [
                .. args.Select(a => "arg " + a),
                .. env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"env {e.Key}={e.Value}"),
                .. await ModelEvaluation.RuntimeArgsAsync(node),
                .. node.Annotations.OfType<ContainerMountAnnotation>().Select(m => $"mount {m.Source}:{m.Target}"),
                .. files]);
        }

        return specs;
    }

    // File contents (the JWT secret) are compared by hash, so a failure does not print a secret.
    private static string Describe(string destination, ContainerFileSystemItem item) =>
        $"file {destination}/{item.Name} {item.Owner}:{item.Group} {item.Mode} sha256:{Hash((item as ContainerFile)?.Contents)}";

    private static string Hash(string? contents) =>
        contents is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contents)));
}
