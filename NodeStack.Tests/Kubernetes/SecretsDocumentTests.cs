using System.Text.RegularExpressions;
using NodeStack.Hosting.Bitcoin;
using NodeStack.Tests.Fixtures;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// <c>SECRETS.md</c>'s kubectl-only script, run for real with sh, openssl and python3; kubectl is a recording stand-in
/// (a shell function that logs its arguments: no API server runs here), so the test sees exactly the commands a plain
/// <c>kubectl apply -k</c> user would run.
/// </summary>
public partial class SecretsDocumentTests
{
    private static readonly string[] Sepolia = ["--NodeStack:Ethereum:Network=sepolia", "--NodeStack:Bitcoin:Network=signet"];

    [Fact]
    public async Task The_kubectl_script_applies_the_tree_then_creates_and_labels_every_secret_with_values_in_deploys_formats()
    {
        var commands = await RunScriptAsync((await AppHostPublish.TreeAsync(Sepolia)).Files()["SECRETS.md"]);

        Assert.Equal(["apply", "-k", "."], commands[0]);
        var created = Created(commands);
        Assert.Equal(["btc-nodes/bitcoin-rpc-password", "eth-nodes/geth-jwt-secret", "monitoring/grafana-admin-password"], created.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^[0-9a-f]{32}$", created["btc-nodes/bitcoin-rpc-password"]["value"]);
        Assert.Matches("^[0-9a-f]{64}$", created["eth-nodes/geth-jwt-secret"]["value"]);
        Assert.Matches("^[0-9a-f]{32}$", created["monitoring/grafana-admin-password"]["value"]);
        Assert.Equal(["value"], created["eth-nodes/geth-jwt-secret"].Keys);
        foreach (var secret in created.Keys)
        {
            var (ns, name) = (secret.Split('/')[0], secret.Split('/')[1]);
            var label = Assert.Single(commands, c => c is ["-n", _, "label", "secret", _, ..] && c[1] == ns && c[4] == name);
            Assert.Superset(
                new HashSet<string>(["app.kubernetes.io/managed-by=nodestack", "app.kubernetes.io/instance=nodestack", "app.kubernetes.io/part-of=nodestack",
                    $"app.kubernetes.io/name={name}", "app.kubernetes.io/component=credentials"]),
                label.ToHashSet());
        }
    }

    [Fact]
    public async Task The_scripts_rpcauth_is_the_line_deploy_derives_from_the_same_password()
    {
        var commands = await RunScriptAsync(PublishedTree.Load(AppHostPublish.CommittedTree).Files()["SECRETS.md"]);

        var bitcoin = Created(commands)["btc-nodes/bitcoin-rpc-password"];
        Assert.Equal(BitcoinRpcAuth.CreateLine(BitcoinCoreBuilderExtensions.DefaultRpcUser, bitcoin["value"]), bitcoin["rpcauth"]);
    }

    [Fact]
    public async Task The_secrets_document_is_the_same_on_every_publish()
    {
        var first = (await AppHostPublish.PublishAsync(Sepolia)).Files()["SECRETS.md"];
        var second = (await AppHostPublish.PublishAsync(Sepolia)).Files()["SECRETS.md"];

        Assert.Equal(first, second);
    }

    /// <summary>Runs the document's <c>sh</c> block with a kubectl that records its arguments; returns each call's arguments.</summary>
    private static async Task<List<string[]>> RunScriptAsync(string document)
    {
        var sh = RequiredTool.OnPath("sh", "install a POSIX shell");
        RequiredTool.OnPath("openssl", "apt-get install openssl");
        RequiredTool.OnPath("python3", "apt-get install python3");
        using var folder = new TemporaryFolder();
        var log = Path.Combine(folder.Path, "kubectl.log");
        var recordingKubectl = $"kubectl() {{ for argument in \"$@\"; do printf '%s\\n' \"$argument\"; done >> '{log}'; echo '--' >> '{log}'; }}\n";
        var script = ShellBlock().Match(document);
        Assert.True(script.Success, "SECRETS.md has no ```sh block");

        var result = await ToolProcess.RunAsync(sh, ["-eu"], workingDirectory: folder.Path, input: recordingKubectl + script.Groups[1].Value);

        Assert.True(result.ExitCode == 0, result.ToString());
        return (await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken))
            .Split("--\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(call => call.TrimEnd('\n').Split('\n'))
            .ToList();
    }

    /// <summary><c>namespace/name</c> of every <c>kubectl -n NS create secret generic NAME --from-literal=KEY=VALUE ...</c>, with its keys.</summary>
    private static Dictionary<string, Dictionary<string, string>> Created(List<string[]> commands) => commands
        .Where(c => c is ["-n", _, "create", "secret", "generic", _, ..])
        .ToDictionary(
            c => $"{c[1]}/{c[5]}",
            c => c.Skip(6).Select(Literal).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal));

    private static Match Literal(string argument)
    {
        var match = FromLiteral().Match(argument);
        Assert.True(match.Success, $"not a --from-literal=key=value argument: {argument}");
        return match;
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("^--from-literal=([a-z]+)=(.*)$")]
    private static partial Regex FromLiteral();
}
