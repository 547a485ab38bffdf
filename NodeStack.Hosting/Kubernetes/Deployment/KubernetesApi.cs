using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>How far a workload's rollout has come.</summary>
internal sealed record RolloutStatus(int Desired, int Ready, int Updated, bool Observed)
{
    public bool IsComplete => Observed && Desired > 0 && Ready >= Desired && Updated >= Desired;

    public override string ToString() => $"{Ready}/{Desired} ready, {Updated}/{Desired} updated";
}

/// <summary>The calls deploy and destroy make to the Kubernetes API, through KubernetesClient's typed operations.</summary>
internal sealed class KubernetesApi(IKubernetes client)
{
    /// <summary>The server-side apply field manager: NodeStack owns the fields it sets, and only those.</summary>
    public const string FieldManager = "nodestack";

    public IKubernetes Client => client;

    /// <summary>Server-side apply (<c>application/apply-patch+yaml</c>), forcing conflicts: the model is the source of truth.</summary>
    public Task ApplyAsync(IKubernetesObject<V1ObjectMeta> item, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(item, V1Patch.PatchType.ApplyPatch);
        var name = item.Metadata.Name;
        var ns = item.Metadata.NamespaceProperty;
        return item switch
        {
            V1Namespace => client.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1NetworkPolicy => client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1ServiceAccount => client.CoreV1.PatchNamespacedServiceAccountAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1Role => client.RbacAuthorizationV1.PatchNamespacedRoleAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1RoleBinding => client.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1ConfigMap => client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1Service => client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1PersistentVolumeClaim => client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1StatefulSet => client.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1Deployment => client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            V1DaemonSet => client.AppsV1.PatchNamespacedDaemonSetAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            _ => throw new InvalidOperationException($"NodeStack does not apply objects of kind {item.Kind}."),
        };
    }

    public async Task<RolloutStatus> ReadRolloutAsync(Manifest.WorkloadReference workload, CancellationToken cancellationToken)
    {
        switch (workload.Kind)
        {
            case "StatefulSet":
                var statefulSet = await client.AppsV1.ReadNamespacedStatefulSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new RolloutStatus(statefulSet.Spec.Replicas ?? 1, statefulSet.Status?.ReadyReplicas ?? 0, statefulSet.Status?.UpdatedReplicas ?? 0,
                    statefulSet.Status?.ObservedGeneration >= statefulSet.Metadata.Generation);
            case "Deployment":
                var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new RolloutStatus(deployment.Spec.Replicas ?? 1, deployment.Status?.ReadyReplicas ?? 0, deployment.Status?.UpdatedReplicas ?? 0,
                    deployment.Status?.ObservedGeneration >= deployment.Metadata.Generation);
            default:
                var daemonSet = await client.AppsV1.ReadNamespacedDaemonSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return new RolloutStatus(daemonSet.Status?.DesiredNumberScheduled ?? 0, daemonSet.Status?.NumberReady ?? 0, daemonSet.Status?.UpdatedNumberScheduled ?? 0,
                    daemonSet.Status?.ObservedGeneration >= daemonSet.Metadata.Generation);
        }
    }

    /// <summary>The labels of an existing namespace, or null when there is no such namespace.</summary>
    public async Task<IDictionary<string, string>?> ReadNamespaceLabelsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var found = await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return found.Metadata.Labels ?? new Dictionary<string, string>();
        }
        catch (HttpOperationException e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Deletes every object of a kind matching the selector; a namespace that is already gone is not an error.</summary>
    public async Task DeleteCollectionAsync(string kind, string ns, string labelSelector, CancellationToken cancellationToken)
    {
        Task<V1Status> delete = kind switch
        {
            "StatefulSet" => client.AppsV1.DeleteCollectionNamespacedStatefulSetAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "Deployment" => client.AppsV1.DeleteCollectionNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "DaemonSet" => client.AppsV1.DeleteCollectionNamespacedDaemonSetAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "Service" => client.CoreV1.DeleteCollectionNamespacedServiceAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "ConfigMap" => client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "NetworkPolicy" => client.NetworkingV1.DeleteCollectionNamespacedNetworkPolicyAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "ServiceAccount" => client.CoreV1.DeleteCollectionNamespacedServiceAccountAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "RoleBinding" => client.RbacAuthorizationV1.DeleteCollectionNamespacedRoleBindingAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "Role" => client.RbacAuthorizationV1.DeleteCollectionNamespacedRoleAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken),
            _ => throw new InvalidOperationException($"NodeStack does not delete objects of kind {kind}."),
        };
        await IgnoreNotFoundAsync(delete).ConfigureAwait(false);
    }

    public Task DeleteNamespaceAsync(string name, CancellationToken cancellationToken) =>
        IgnoreNotFoundAsync(client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: cancellationToken));

    public static bool IsNotFound(HttpOperationException e) => e.Response.StatusCode == HttpStatusCode.NotFound;

    private static async Task IgnoreNotFoundAsync(Task<V1Status> call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (IsNotFound(e))
        {
            // Already gone: destroy is idempotent.
        }
    }
}
