using System.Text.RegularExpressions;
using NodeStack.Hosting.ExitCodes;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Tests.Fixtures;
using NodeStack.Tests.Kubernetes;

namespace NodeStack.Tests.AppHost;

/// <summary>
/// The AppHost as a user runs it, a real process started with <c>dotnet run</c>: a failure is one clear message and an
/// exit code a script can test, with no exception text or stack trace unless <c>--log-level debug</c> asks for them.
/// </summary>
public partial class AppHostExitCodeTests
{
    private static readonly string AppHostProject = Projects.NodeStack_AppHost.ProjectPath;

    [Fact]
    public async Task A_bad_setting_prints_its_message_alone_and_exits_2_before_anything_starts()
    {
        var run = await RunAppHostAsync(["--NodeStack:Nodes:Lifetime=forever"]);

        Assert.True(run.ExitCode == NodeStackExitCode.InvalidInput, run.ToString());
        Assert.Contains("NodeStack:Nodes:Lifetime = 'forever' is not valid. Allowed values: session, persistent.", run.Error, StringComparison.Ordinal);
        AssertNoExceptionText(run);
        Assert.DoesNotContain("Distributed application starting", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Login to the dashboard", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_without_k3d_exits_1_listing_every_missing_prerequisite_once_and_a_stack_trace_only_at_debug_level()
    {
        var output = PublishedTree.NewOutputFolder();
        string[] deploy = ["--operation", "publish", "--step", NodeStackKubernetesEnvironmentResource.DeployStep, "--output-path", output];
        // Only the .NET SDK's folder and the system's: k3d (like anything installed under /usr/local) is not on PATH.
        var withoutK3d = new Dictionary<string, string> { ["PATH"] = $"{Path.GetDirectoryName(Environment.ProcessPath)}:/usr/bin:/bin" };

        var run = await RunAppHostAsync(deploy, withoutK3d);
        var debug = await RunAppHostAsync([.. deploy, "--log-level", "debug"], withoutK3d);

        Assert.True(run.ExitCode == NodeStackExitCode.StepFailed, run.ToString());
        Assert.Single(Regex.Matches(run.Output + run.Error, Regex.Escape("'k3d' is not on PATH: install k3d v5")));
        Assert.Contains("k8s-deploy failed: ", run.Output, StringComparison.Ordinal);
        AssertNoExceptionText(run);
        Assert.True(debug.ExitCode == NodeStackExitCode.StepFailed, debug.ToString());
        Assert.Matches(StackFrame(), debug.Output);
    }

    [Fact]
    public async Task Destroy_without_a_cluster_exits_1_saying_so_once_with_what_to_do()
    {
        var run = await RunAppHostAsync([
            "--operation", "publish", "--step", NodeStackKubernetesEnvironmentResource.DestroyStep, "--output-path", PublishedTree.NewOutputFolder(),
            "--NodeStack:Kubernetes:KubeContext=nodestack-test-no-such-context"]);

        Assert.True(run.ExitCode == NodeStackExitCode.StepFailed, run.ToString());
        Assert.Single(Regex.Matches(run.Output + run.Error, "No Kubernetes cluster to talk to"));
        Assert.Contains("Deploy first", run.Output, StringComparison.Ordinal);
        AssertNoExceptionText(run);
    }

    [Fact]
    public async Task Publish_ends_with_one_line_naming_the_folder_the_counts_and_the_deploy_command()
    {
        var output = PublishedTree.NewOutputFolder();

        var run = await RunAppHostAsync(["--operation", "publish", "--step", NodeStackKubernetesEnvironmentResource.PublishStep, "--output-path", output]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var tree = PublishedTree.Load(output);
        var summary = Assert.Single(run.Output.Split('\n'), line => line.Contains("k8s-publish wrote", StringComparison.Ordinal)).Trim();
        Assert.Equal(
            $"k8s-publish wrote {tree.Objects.Count} objects in {Directory.GetFiles(output, "*", SearchOption.AllDirectories).Length} files to {output}. " +
            $"Deploy them to k3d: dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-deploy --output-path \"{output}\"",
            summary);
    }

    private static Task<ToolResult> RunAppHostAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        ToolProcess.RunAsync(
            "dotnet", ["run", "--project", AppHostProject, "--no-build", "--no-launch-profile", "--", .. arguments],
            timeout: TimeSpan.FromMinutes(3), environment: environment);

    private static void AssertNoExceptionText(ToolResult run)
    {
        Assert.DoesNotMatch(StackFrame(), run.Output + run.Error);
        Assert.DoesNotContain("Exception", run.Output + run.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
