using System.Globalization;
using Aspire.Hosting.Pipelines;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>
/// Carries out a <see cref="DeploymentPlan"/>: external commands through <see cref="IProcessRunner"/>, API calls through
/// KubernetesClient (created only once the cluster exists), progress through the pipeline step's reporting.
/// Any failure stops the plan with a message that says what failed and what to do.
/// </summary>
internal sealed class DeploymentPlanExecutor(
    Func<IKubernetes> clientFactory,
    IProcessRunner processes,
    IReportingStep reporting,
    TimeSpan pollInterval)
{
    private KubernetesApi? _api;
    private SecretProvisioner? _secrets;
    private readonly HashSet<string> _foreignNamespaces = new(StringComparer.Ordinal);

    /// <summary>The namespaces a destroy left alone because this stack did not create them.</summary>
    public IReadOnlyCollection<string> SkippedNamespaces => _foreignNamespaces;

    private KubernetesApi Api => _api ??= new KubernetesApi(clientFactory());

    private SecretProvisioner Secrets => _secrets ??= new SecretProvisioner(Api.Client);

    public async Task ExecuteAsync(DeploymentPlan plan, CancellationToken cancellationToken)
    {
        await CheckPrerequisitesAsync(plan, cancellationToken).ConfigureAwait(false);
        var applies = plan.OfType<DeploymentOperation.Apply>().Count();
        var applied = 0;
        foreach (var operation in plan.Operations)
        {
            switch (operation)
            {
                case DeploymentOperation.RunCommand run:
                    await RunAsync(run, cancellationToken).ConfigureAwait(false);
                    break;
                case DeploymentOperation.EnsureK3dCluster cluster:
                    await EnsureClusterAsync(cluster, cancellationToken).ConfigureAwait(false);
                    break;
                case DeploymentOperation.CheckNamespaceOwner check:
                    await CheckNamespaceOwnerAsync(check, cancellationToken).ConfigureAwait(false);
                    break;
                case DeploymentOperation.DeleteCollection or DeploymentOperation.DeleteNamespace when _foreignNamespaces.Contains(NamespaceOf(operation)):
                    break;
                case DeploymentOperation.Apply apply:
                    await ApplyAsync(apply, ++applied, applies, cancellationToken).ConfigureAwait(false);
                    break;
                case DeploymentOperation.EnsureSecret secret:
                    var others = plan.OfType<DeploymentOperation.EnsureSecret>()
                        .Where(s => s.Secret.Name == secret.Secret.Name && s.Secret.Namespace != secret.Secret.Namespace).Select(s => s.Secret.Namespace);
                    var outcome = await Secrets.EnsureAsync(secret.Secret, others, cancellationToken).ConfigureAwait(false);
                    reporting.Log(LogLevel.Information, $"Secret {secret.Secret.Namespace}/{secret.Secret.Name}: {outcome.ToString().ToLowerInvariant()}");
                    break;
                case DeploymentOperation.WaitForRollout wait:
                    await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
                    break;
                case DeploymentOperation.DeleteCollection delete:
                    await Api.DeleteCollectionAsync(delete.Kind, delete.Namespace, delete.LabelSelector, cancellationToken).ConfigureAwait(false);
                    reporting.Log(LogLevel.Information, $"Deleted {delete.Kind} objects in {delete.Namespace} matching {delete.LabelSelector}");
                    break;
                case DeploymentOperation.DeleteNamespace delete:
                    await Api.DeleteNamespaceAsync(delete.Name, cancellationToken).ConfigureAwait(false);
                    reporting.Log(LogLevel.Information, $"Deleted namespace {delete.Name} with everything in it");
                    break;
            }
        }
    }

    /// <summary>
    /// Every tool and checked prerequisite of the plan, before any of it runs: one failure names every missing one, so a
    /// user fixes them all at once instead of one per attempt.
    /// </summary>
    private async Task CheckPrerequisitesAsync(DeploymentPlan plan, CancellationToken cancellationToken)
    {
        var missing = plan.OfType<DeploymentOperation.RequireTool>()
            .Where(tool => !processes.IsOnPath(tool.Program))
            .Select(tool => $"'{tool.Program}' is not on PATH: {tool.InstallHint}")
            .ToList();
        foreach (var check in plan.OfType<DeploymentOperation.RequireCommand>().Where(check => processes.IsOnPath(check.Command.Program)))
        {
            var result = await processes.RunAsync(check.Command, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                var detail = (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
                missing.Add($"{check.Description} failed (`{check.Command}` exited with {result.ExitCode}: {Tail(detail)}): {check.FailureHint}");
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(missing.Count == 1
                ? missing[0] + "."
                : $"{missing.Count} prerequisites are missing: " + string.Join("; ", missing.Select((m, i) => $"({i + 1}) {m}")) + ".");
        }
    }

    /// <summary>
    /// A namespace this stack did not create may hold someone else's workloads: never apply into it, never delete from it.
    /// Missing is fine (deploy creates it with the stack's labels); labelled with this stack's instance is ours.
    /// </summary>
    private async Task CheckNamespaceOwnerAsync(DeploymentOperation.CheckNamespaceOwner check, CancellationToken cancellationToken)
    {
        var labels = await Api.ReadNamespaceLabelsAsync(check.Namespace, cancellationToken).ConfigureAwait(false);
        if (labels is null || NamespaceOwnership.IsOwnedBy(labels, check.OwnerLabels))
        {
            return;
        }

        var owner = $"it exists but was not created by this NodeStack stack (it lacks the labels {NamespaceOwnership.Describe(check.OwnerLabels)})";
        if (check.OnForeign == ForeignNamespace.Refuse)
        {
            throw new InvalidOperationException(
                $"Namespace {check.Namespace}: {owner}, so deploy will not apply into it. Deploy this stack into namespaces of its own with " +
                $"{KubernetesPublishSettings.SectionName}:NamespacePrefix (such as --{KubernetesPublishSettings.SectionName}:NamespacePrefix=lab1- for lab1-{check.Namespace}), " +
                "or delete or rename the existing namespace if it is no longer needed.");
        }

        _foreignNamespaces.Add(check.Namespace);
        reporting.Log(LogLevel.Warning, $"Namespace {check.Namespace}: {owner}, so destroy deletes nothing in it.");
    }

    private static string NamespaceOf(DeploymentOperation operation) => operation switch
    {
        DeploymentOperation.DeleteCollection delete => delete.Namespace,
        DeploymentOperation.DeleteNamespace delete => delete.Name,
        _ => "",
    };

    private async Task RunAsync(DeploymentOperation.RunCommand run, CancellationToken cancellationToken)
    {
        var task = await reporting.CreateTaskAsync(run.Description, cancellationToken).ConfigureAwait(false);
        var result = await processes.RunAsync(run.Command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var detail = (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
            await task.FailAsync($"{run.Description} failed", cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(
                $"{run.Description} failed: `{run.Command}` exited with {result.ExitCode}: {Tail(detail)}. Next: {run.FailureHint}.");
        }

        await task.SucceedAsync(run.Description, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureClusterAsync(DeploymentOperation.EnsureK3dCluster cluster, CancellationToken cancellationToken)
    {
        var list = await processes.RunAsync(new ExternalCommand("k3d", ["cluster", "list", "--output", "json"]), cancellationToken).ConfigureAwait(false);
        if (list.ExitCode != 0)
        {
            throw new InvalidOperationException($"`k3d cluster list` exited with {list.ExitCode}: {Tail(list.Error)}.");
        }

        if (K3dClusterList.Parse(list.Output).TryGetValue(cluster.ClusterName, out var existing))
        {
            reporting.Log(LogLevel.Information, $"k3d cluster {cluster.ClusterName} exists");
            if (K3dClusterList.Missing(cluster.Ports, existing) is { Count: > 0 } missing)
            {
                reporting.Log(LogLevel.Warning, MissingPortsWarning(cluster.ClusterName, missing, existing.Except(cluster.Ports)));
            }

            return;
        }

        if (!File.Exists(cluster.ConfigPath))
        {
            throw new InvalidOperationException($"The k3d cluster config {cluster.ConfigPath} is missing: run the k8s-publish step into the same --output-path first.");
        }

        await RunAsync(new DeploymentOperation.RunCommand(
            $"Create k3d cluster {cluster.ClusterName} (1 server, 2 agents)",
            new ExternalCommand("k3d", ["cluster", "create", "--config", cluster.ConfigPath]),
            "read k3d's message above; a port in k8s/k3d/cluster.yaml may already be in use"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// k3d fixes a cluster's port mappings when it creates it (an earlier publish, such as another profile's, may have
    /// wanted others): say which host ports do not reach their services, and the two ways to fix it.
    /// </summary>
    private static string MissingPortsWarning(string clusterName, IReadOnlyList<K3dPortMapping> missing, IEnumerable<K3dPortMapping> unused)
    {
        var stale = unused.Select(m => m.Spec).Order(StringComparer.Ordinal).ToList();
        return $"k3d cluster {clusterName} does not map {string.Join(", ", missing.Select(m => $"{m.HostIp}:{m.HostPort} to node port {m.NodePort}"))}, " +
            "so those services are not reachable on this machine. k3d keeps the mappings a cluster was created with" +
            (stale.Count > 0 ? $" (this one maps {string.Join(", ", stale)}, which this deploy does not use)" : "") +
            $". Add them: `k3d cluster edit {clusterName} {string.Join(' ', missing.Select(m => $"--port-add {m.Spec}@loadbalancer"))}` " +
            $"(experimental in k3d v5), or recreate the cluster: `k3d cluster delete {clusterName}`, then deploy again " +
            "(deleting the cluster deletes its volumes, chain data included).";
    }

    private async Task ApplyAsync(DeploymentOperation.Apply apply, int index, int total, CancellationToken cancellationToken)
    {
        var item = apply.Object;
        try
        {
            await Api.ApplyAsync(item.Object, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw new InvalidOperationException(
                $"Applying {item.Kind} {item.Namespace}/{item.Name} failed ({(int)e.Response.StatusCode}): {Tail(e.Response.Content ?? e.Message)}", e);
        }

        reporting.Log(LogLevel.Information, string.Create(CultureInfo.InvariantCulture, $"Applied {item.Kind} {item.Namespace}/{item.Name} ({index}/{total})"));
    }

    private async Task WaitAsync(DeploymentOperation.WaitForRollout wait, CancellationToken cancellationToken)
    {
        var workload = wait.Workload;
        var label = $"{workload.Kind} {workload.Namespace}/{workload.Name}";
        var task = await reporting.CreateTaskAsync($"Waiting for {label}", cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait.Timeout);
        RolloutStatus? status = null;
        try
        {
            while (true)
            {
                status = await Api.ReadRolloutAsync(workload, timeout.Token).ConfigureAwait(false);
                if (status.IsComplete)
                {
                    await task.SucceedAsync($"{label}: {status}", cancellationToken).ConfigureAwait(false);
                    return;
                }

                await task.UpdateStatusAsync($"{label}: {status}", cancellationToken).ConfigureAwait(false);
                await Task.Delay(pollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await task.FailAsync($"{label} not ready", cancellationToken).ConfigureAwait(false);
            throw new TimeoutException(
                $"{label} was not ready within {wait.Timeout} ({status?.ToString() ?? "no status yet"}). " +
                $"Look at `kubectl -n {workload.Namespace} describe {workload.Kind.ToLowerInvariant()} {workload.Name}` and its pods' events.");
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "..." + text[^2000..];
}
