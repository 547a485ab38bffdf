using System.Globalization;
using Aspire.Hosting.Pipelines;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeStack.Hosting.Kubernetes.Deployment;
using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Publishing;

/// <summary>The actions of the Kubernetes pipeline steps: each builds the manifest from the model, then writes, deploys or destroys it.</summary>
internal sealed partial class KubernetesPipelineSteps(KubernetesPublishSettings settings)
{
    /// <summary>The configuration key of <c>--output-path</c>.</summary>
    private const string OutputPathSetting = "Pipeline:OutputPath";

    /// <summary>How often deploy polls a rollout.</summary>
    private static readonly TimeSpan RolloutPollInterval = TimeSpan.FromSeconds(2);

    public async Task PublishAsync(PipelineStepContext context)
    {
        var manifest = await BuildAsync(context).ConfigureAwait(false);
        var output = OutputDirectory(context);
        var files = ManifestWriter.Write(manifest, settings, output);
        await context.ReportingStep.SucceedAsync(
            string.Create(CultureInfo.InvariantCulture, $"Wrote {manifest.Objects.Count} objects in {files.Count} files to {output}"),
            context.CancellationToken).ConfigureAwait(false);
        context.Summary.Add("Kubernetes manifests", output);
        // The step's report reaches only the Aspire CLI; under `dotnet run` this line is what the user sees.
        var logger = Logger(context);
        LogPublished(logger, manifest.Objects.Count, files.Count, output);
    }

    public async Task DeployAsync(PipelineStepContext context)
    {
        var manifest = await BuildAsync(context).ConfigureAwait(false);
        var plan = DeploymentPlanner.Deploy(manifest, settings, Path.Combine(OutputDirectory(context), "k3d", "cluster.yaml"));
        await Executor(context).ExecuteAsync(plan, context.CancellationToken).ConfigureAwait(false);
        foreach (var access in ServiceAccess.Describe(manifest, settings))
        {
            context.ReportingStep.Log(LogLevel.Information, access);
        }

        context.Summary.Add("Kubernetes context", settings.EffectiveKubeContext.Length > 0 ? settings.EffectiveKubeContext : "(current)");
    }

    public async Task DestroyAsync(PipelineStepContext context)
    {
        var manifest = await BuildAsync(context).ConfigureAwait(false);
        var executor = Executor(context);
        await executor.ExecuteAsync(DeploymentPlanner.Destroy(manifest, settings), context.CancellationToken).ConfigureAwait(false);
        var skipped = executor.SkippedNamespaces.Count == 0
            ? ""
            : $"; nothing deleted in {string.Join(", ", executor.SkippedNamespaces.Order(StringComparer.Ordinal))}, which this stack did not create";
        await context.ReportingStep.SucceedAsync(
            (settings.DestroyDeletesData ? "Removed the stack and its data" : "Removed the stack; chain data volumes, Secrets and namespaces kept") + skipped,
            context.CancellationToken).ConfigureAwait(false);
    }

    public async Task CreateSecretsAsync(PipelineStepContext context)
    {
        var manifest = await BuildAsync(context).ConfigureAwait(false);
        await Executor(context).ExecuteAsync(DeploymentPlanner.CreateSecrets(manifest, settings), context.CancellationToken).ConfigureAwait(false);
    }

    private Task<KubernetesManifest> BuildAsync(PipelineStepContext context) =>
        KubernetesManifestBuilder.BuildAsync(context.Model, context.ExecutionContext, settings, context.CancellationToken);

    /// <summary>
    /// The output directory. `dotnet run` starts the AppHost in its project folder, where Aspire resolves a relative
    /// <c>--output-path</c>; the user means the folder they ran the command in, which POSIX shells pass on as <c>PWD</c>.
    /// </summary>
    private static string OutputDirectory(PipelineStepContext context)
    {
        var configured = context.Services.GetRequiredService<IConfiguration>()[OutputPathSetting];
        var shellDirectory = Environment.GetEnvironmentVariable("PWD");
        return configured is { Length: > 0 } && !Path.IsPathRooted(configured) && shellDirectory is { Length: > 0 } && Path.IsPathRooted(shellDirectory)
            ? Path.GetFullPath(configured, shellDirectory)
            : context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
    }

    private DeploymentPlanExecutor Executor(PipelineStepContext context) => new(
        () => new k8s.Kubernetes(ClientConfiguration()),
        new ProcessRunner(),
        context.ReportingStep,
        RolloutPollInterval);

    private KubernetesClientConfiguration ClientConfiguration()
    {
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(
                currentContext: settings.EffectiveKubeContext.Length > 0 ? settings.EffectiveKubeContext : null);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new InvalidOperationException(
                $"No Kubernetes cluster to talk to ({e.Message}). Deploy first (k8s-deploy creates the k3d cluster and its kubeconfig " +
                $"context), or add the cluster's context to {KubernetesClientConfiguration.KubeConfigDefaultLocation} and name it with " +
                $"{KubernetesPublishSettings.SectionName}:KubeContext.", e);
        }
    }

    private static ILogger Logger(PipelineStepContext context) =>
        context.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NodeStack.Kubernetes");

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message =
        "k8s-publish wrote {Objects} objects in {Files} files to {Folder}. Deploy them to k3d: " +
        "dotnet run --project NodeStack.AppHost -- --operation publish --step k8s-deploy --output-path \"{Folder}\"")]
    private static partial void LogPublished(ILogger logger, int objects, int files, string folder);
}
