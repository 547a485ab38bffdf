using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodeStack.Hosting.Kubernetes;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Tests.Kubernetes;

/// <summary>
/// The real AppHost (NodeStack.AppHost/AppHost.cs) published to Kubernetes in-process, exactly as
/// <c>dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-publish --output-path &lt;dir&gt; &lt;settings&gt;</c>
/// runs it: the pipeline step writes the tree. Each distinct set of settings is published once per test run.
/// </summary>
internal static class AppHostPublish
{
    /// <summary>The command that regenerates the committed tree, as the README documents it.</summary>
    public const string RegenerateCommand = "dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-publish --output-path k8s";

    private static readonly ConcurrentDictionary<string, Lazy<Task<PublishedTree>>> Published = new(StringComparer.Ordinal);

    /// <summary>The committed tree, <c>k8s/</c> at the repository root.</summary>
    public static string CommittedTree => Path.Combine(Fixtures.RequiredTool.RepositoryRoot, "k8s");

    /// <summary>The tree published with <paramref name="settings"/> (such as <c>--NodeStack:Ethereum:Network=sepolia</c>), shared by every test asking for it.</summary>
    public static Task<PublishedTree> TreeAsync(params string[] settings) =>
        Published.GetOrAdd(string.Join(' ', settings), _ => new Lazy<Task<PublishedTree>>(() => PublishAsync(settings))).Value;

    /// <summary>Publishes into a new temporary folder, every time.</summary>
    public static async Task<PublishedTree> PublishAsync(params string[] settings)
    {
        var output = PublishedTree.NewOutputFolder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--operation", "publish", "--step", NodeStackKubernetesEnvironmentResource.PublishStep, "--output-path", output, .. settings], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.RunAsync(timeout.Token);
        return PublishedTree.Load(output);
    }

    /// <summary>The manifest the real AppHost's model makes with <paramref name="publishSettings"/>, for planning deploys.</summary>
    public static async Task<KubernetesManifest> ManifestAsync(KubernetesPublishSettings publishSettings, params string[] settings)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.NodeStack_AppHost>(
            ["--operation", "publish", "--step", "none", .. settings], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        return await KubernetesManifestBuilder.BuildAsync(
            app.Services.GetRequiredService<DistributedApplicationModel>(),
            app.Services.GetRequiredService<DistributedApplicationExecutionContext>(),
            publishSettings,
            timeout.Token);
    }
}
