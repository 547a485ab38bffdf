using NodeStack.Hosting.Kubernetes.Manifest;

namespace NodeStack.Hosting.Kubernetes.Deployment;

/// <summary>One step of a deploy or destroy, as data: what will happen, before anything does.</summary>
internal abstract record DeploymentOperation
{
    /// <summary>A program must be on PATH; the hint says how to install it. Checked before anything else.</summary>
    public sealed record RequireTool(string Program, string InstallHint) : DeploymentOperation;

    /// <summary>
    /// A prerequisite that a program checks, such as a reachable Docker daemon: run before anything else, together with
    /// every <see cref="RequireTool"/>, so that all missing prerequisites are listed at once.
    /// </summary>
    public sealed record RequireCommand(string Description, ExternalCommand Command, string FailureHint) : DeploymentOperation;

    /// <summary>Run a program; a non-zero exit fails the deploy with <paramref name="FailureHint"/>.</summary>
    public sealed record RunCommand(string Description, ExternalCommand Command, string FailureHint) : DeploymentOperation;

    /// <summary>
    /// Create the k3d cluster from its config file unless <c>k3d cluster list</c> already shows it; an existing cluster
    /// keeps the port mappings it was created with, so a missing one in <paramref name="Ports"/> is reported with the fix.
    /// </summary>
    public sealed record EnsureK3dCluster(string ClusterName, string ConfigPath, IReadOnlyList<K3dPortMapping> Ports) : DeploymentOperation;

    /// <summary>
    /// Before anything is applied into or deleted from <paramref name="Namespace"/>: if it exists, it must carry
    /// <paramref name="OwnerLabels"/>, the stack labels the publisher puts on its namespaces. A namespace someone else made
    /// is refused (deploy) or left alone (destroy), as <paramref name="OnForeign"/> says.
    /// </summary>
    public sealed record CheckNamespaceOwner(string Namespace, IReadOnlyDictionary<string, string> OwnerLabels, ForeignNamespace OnForeign) : DeploymentOperation
    {
        /// <summary>The stack instance the namespace must belong to.</summary>
        public string Instance => OwnerLabels[KubernetesNaming.InstanceLabel];
    }

    /// <summary>Server-side apply one object (field manager <c>nodestack</c>, conflicts forced).</summary>
    public sealed record Apply(PublishedObject Object) : DeploymentOperation;

    /// <summary>Create the Secret with generated values if missing; keep an existing one's values.</summary>
    public sealed record EnsureSecret(SecretRequirement Secret) : DeploymentOperation;

    /// <summary>Wait until the workload's pods are ready and updated.</summary>
    public sealed record WaitForRollout(WorkloadReference Workload, TimeSpan Timeout) : DeploymentOperation;

    /// <summary>Delete every object of <paramref name="Kind"/> in <paramref name="Namespace"/> matching <paramref name="LabelSelector"/>.</summary>
    public sealed record DeleteCollection(string Kind, string Namespace, string LabelSelector) : DeploymentOperation;

    /// <summary>Delete a namespace and everything in it.</summary>
    public sealed record DeleteNamespace(string Name) : DeploymentOperation;
}

/// <summary>What a <see cref="DeploymentOperation.CheckNamespaceOwner"/> does with a namespace this stack did not create.</summary>
internal enum ForeignNamespace
{
    /// <summary>Stop with a message naming the namespace and how to deploy elsewhere (deploy).</summary>
    Refuse,

    /// <summary>Warn, and skip every later operation in that namespace (destroy).</summary>
    Skip,
}

/// <summary>An ordered list of operations; see <see cref="DeploymentPlanner"/>.</summary>
internal sealed record DeploymentPlan(IReadOnlyList<DeploymentOperation> Operations)
{
    public IEnumerable<T> OfType<T>()
        where T : DeploymentOperation => Operations.OfType<T>();
}
