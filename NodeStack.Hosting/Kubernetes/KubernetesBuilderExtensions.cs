using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// Says how a resource is published to Kubernetes. Every container and project resource needs
/// <see cref="WithKubernetesWorkload{T}"/> (or <see cref="ExcludeFromKubernetes{T}"/>); containers also need security
/// settings, resources and readiness and liveness probes, which projects default to NodeStack.ServiceDefaults' conventions.
/// The publish fails, naming the resource and the call to add, when something is missing.
/// </summary>
public static class KubernetesBuilderExtensions
{
    /// <summary>
    /// Publishes the resource as a Deployment in <paramref name="namespace"/> (before the configured prefix) with the
    /// <c>app.kubernetes.io/component</c> label <paramref name="component"/>. Use <see cref="PublishAsStatefulSet{T}"/> or
    /// <see cref="PublishAsDaemonSet{T}"/> afterwards for the other shapes.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesWorkload<T>(this IResourceBuilder<T> builder, string @namespace, string component)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireDnsLabel(@namespace, nameof(@namespace));
        RequireDnsLabel(component, nameof(component));
        return builder.WithAnnotation(new KubernetesWorkloadAnnotation(@namespace, component), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Publishes the resource as a StatefulSet: each of <paramref name="dataPaths"/> and each of its named volumes becomes a
    /// volume claim of <paramref name="storageSize"/> (such as <c>20Gi</c>) in the configured storage class, retained when the
    /// StatefulSet is deleted or scaled. Call after <see cref="WithKubernetesWorkload{T}"/>; calling again replaces the size.
    /// </summary>
    public static IResourceBuilder<T> PublishAsStatefulSet<T>(this IResourceBuilder<T> builder, string storageSize, params string[] dataPaths)
        where T : IResource
    {
        RequireQuantity(storageSize, nameof(storageSize));
        Array.ForEach(dataPaths, p => RequireAbsolutePath(p, nameof(dataPaths)));
        return builder.WithAnnotation(
            Workload(builder) with { Kind = KubernetesWorkloadKind.StatefulSet, StorageSize = storageSize, DataPaths = dataPaths.Distinct().ToList() },
            ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Publishes the resource as a DaemonSet, one pod per node (a log shipper). Call after <see cref="WithKubernetesWorkload{T}"/>.</summary>
    public static IResourceBuilder<T> PublishAsDaemonSet<T>(this IResourceBuilder<T> builder)
        where T : IResource =>
        builder.WithAnnotation(Workload(builder) with { Kind = KubernetesWorkloadKind.DaemonSet }, ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// Gives the container <paramref name="gracePeriod"/> (whole seconds, up to a day) between SIGTERM and SIGKILL, for a process
    /// that flushes large caches on shutdown. Default: 2 minutes for a StatefulSet, 30 seconds otherwise. Call after
    /// <see cref="WithKubernetesWorkload{T}"/> and the workload kind.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesTerminationGracePeriod<T>(this IResourceBuilder<T> builder, TimeSpan gracePeriod)
        where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gracePeriod, TimeSpan.FromDays(1));
        if (gracePeriod.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"The grace period {gracePeriod} is not a whole number of seconds.", nameof(gracePeriod));
        }

        return builder.WithAnnotation(Workload(builder) with { TerminationGracePeriod = gracePeriod }, ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Leaves the resource out of the Kubernetes publish.</summary>
    public static IResourceBuilder<T> ExcludeFromKubernetes<T>(this IResourceBuilder<T> builder)
        where T : IResource =>
        builder.WithAnnotation(new KubernetesExcludedAnnotation(), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>Sets the container's CPU and memory requests and limits (Kubernetes quantities such as <c>250m</c>, <c>1Gi</c>).</summary>
    public static IResourceBuilder<T> WithKubernetesResources<T>(
        this IResourceBuilder<T> builder, string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireQuantity(cpuRequest, nameof(cpuRequest));
        RequireQuantity(memoryRequest, nameof(memoryRequest));
        RequireQuantity(cpuLimit, nameof(cpuLimit));
        RequireQuantity(memoryLimit, nameof(memoryLimit));
        return builder.WithAnnotation(
            new KubernetesResourcesAnnotation(cpuRequest, memoryRequest, cpuLimit, memoryLimit), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Runs the container as the fixed non-root <paramref name="userId"/>:<paramref name="groupId"/> (also the volumes'
    /// fsGroup), with a read-only root filesystem unless the image cannot work that way, and an emptyDir at each of
    /// <paramref name="writablePaths"/> (a local volume at such a path is left out). Defaults for projects: 1654:1654
    /// (.NET images' <c>app</c> user), read-only, <c>/tmp</c>. A resource that also runs as a user locally
    /// (<c>WithContainerUser</c>) must use the same ids, or the publish fails.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesSecurity<T>(
        this IResourceBuilder<T> builder, long userId, long groupId, bool readOnlyRootFilesystem = true, params string[] writablePaths)
        where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfNegative(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(groupId);
        return builder.WithSecurity(userId, groupId, readOnlyRootFilesystem, writablePaths);
    }

    /// <summary>
    /// Runs the container as the user and group it runs as locally (<c>WithContainerUser</c>), with a read-only root
    /// filesystem unless the image cannot work that way, and an emptyDir at each of <paramref name="writablePaths"/>.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesSecurity<T>(
        this IResourceBuilder<T> builder, bool readOnlyRootFilesystem = true, params string[] writablePaths)
        where T : IResource =>
        builder.WithSecurity(null, null, readOnlyRootFilesystem, writablePaths);

    /// <summary>
    /// Adds a probe of <paramref name="type"/> (replacing an earlier one of that type). Use
    /// <see cref="KubernetesProbeCheck.Tcp"/>, <see cref="KubernetesProbeCheck.Http"/> or <see cref="KubernetesProbeCheck.Exec"/>
    /// as fits the process. Projects default to HTTP readiness <c>/health</c> and liveness <c>/alive</c>.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesProbe<T>(
        this IResourceBuilder<T> builder,
        KubernetesProbeType type,
        KubernetesProbeCheck check,
        int periodSeconds = 10,
        int timeoutSeconds = 5,
        int failureThreshold = 3,
        int initialDelaySeconds = 0)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(check);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failureThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(initialDelaySeconds);
        if (check is KubernetesProbeCheck.HttpCheck { Path: var path } && !path.StartsWith('/'))
        {
            throw new ArgumentException($"The probe path must start with '/': '{path}'.", nameof(check));
        }

        foreach (var earlier in builder.Resource.Annotations.OfType<KubernetesProbeAnnotation>().Where(p => p.Type == type).ToList())
        {
            builder.Resource.Annotations.Remove(earlier);
        }

        return builder.WithAnnotation(new KubernetesProbeAnnotation(type, check, periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds));
    }

    /// <summary>
    /// Adds a startup probe that allows the process up to <paramref name="maxStartupTime"/> to start before liveness
    /// counts (a node's first start on a public network can take many minutes).
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesStartupProbe<T>(
        this IResourceBuilder<T> builder, KubernetesProbeCheck check, TimeSpan maxStartupTime, int periodSeconds = 10)
        where T : IResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStartupTime, TimeSpan.FromSeconds(periodSeconds));
        var failureThreshold = (int)Math.Ceiling(maxStartupTime.TotalSeconds / periodSeconds);
        return builder.WithKubernetesProbe(KubernetesProbeType.Startup, check, periodSeconds, failureThreshold: failureThreshold);
    }

    /// <summary>
    /// Publishes configuration files as a ConfigMap <c>&lt;resource&gt;-<paramref name="name"/></c> mounted read-only at
    /// <paramref name="mountPath"/>. <paramref name="files"/> (relative path, such as <c>rules/bitcoin.yml</c>, to content)
    /// receives the cluster's service addresses; pass the same generator the local run uses. Local container files or a
    /// bind mount at or below <paramref name="mountPath"/> are replaced.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesConfigFiles<T>(
        this IResourceBuilder<T> builder, string name, string mountPath, Func<KubernetesServiceAddresses, IReadOnlyDictionary<string, string>> files)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(files);
        return builder.WithKubernetesConfigFiles(name, mountPath, (addresses, _) => Task.FromResult(files(addresses)));
    }

    /// <summary>
    /// Publishes configuration files as a ConfigMap, like the synchronous overload, from a generator that works asynchronously
    /// (such as one that discovers scrape targets).
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesConfigFiles<T>(
        this IResourceBuilder<T> builder,
        string name,
        string mountPath,
        Func<KubernetesServiceAddresses, CancellationToken, Task<IReadOnlyDictionary<string, string>>> files)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(files);
        RequireDnsLabel(name, nameof(name));
        RequireAbsolutePath(mountPath, nameof(mountPath));
        return builder.WithAnnotation(new KubernetesConfigFilesAnnotation(name, mountPath, files));
    }

    /// <summary>Lets the pods of <paramref name="from"/> reach this resource's <paramref name="endpointName"/> through the default-deny policy.</summary>
    public static IResourceBuilder<T> AllowKubernetesIngress<T>(this IResourceBuilder<T> builder, string endpointName, IResourceBuilder<IResource> from)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        return builder.WithAnnotation(new KubernetesIngressAllowAnnotation(endpointName, from.Resource));
    }

    /// <summary>Lets any source reach <paramref name="endpointName"/> (a p2p port on a public network).</summary>
    public static IResourceBuilder<T> AllowKubernetesIngressFromAnywhere<T>(this IResourceBuilder<T> builder, string endpointName)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        return builder.WithAnnotation(new KubernetesIngressAllowAnnotation(endpointName, null));
    }

    /// <summary>Marks this resource as the metrics scraper: it may reach every endpoint marked with <c>WithPrometheusScrape</c>.</summary>
    public static IResourceBuilder<T> WithKubernetesScrapeAccess<T>(this IResourceBuilder<T> builder)
        where T : IResource =>
        builder.WithAnnotation(new KubernetesMetricsScraperAnnotation(), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// Exposes <paramref name="endpointName"/> on the k3d host at <c>127.0.0.1:<paramref name="hostPort"/></c> only, through a
    /// NodePort Service on <paramref name="nodePort"/> (default: 30000 + hostPort mod 2768) and a loopback-bound k3d port mapping.
    /// </summary>
    public static IResourceBuilder<T> ExposeOnKubernetesHost<T>(this IResourceBuilder<T> builder, string endpointName, int hostPort, int? nodePort = null)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        ArgumentOutOfRangeException.ThrowIfLessThan(hostPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostPort, 65535);
        var node = nodePort ?? 30000 + (hostPort % 2768);
        ArgumentOutOfRangeException.ThrowIfLessThan(node, 30000, nameof(nodePort));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(node, 32767, nameof(nodePort));
        return builder.WithAnnotation(new KubernetesHostPortAnnotation(endpointName, hostPort, node));
    }

    /// <summary>Mounts the value of the secret parameter <paramref name="secret"/> read-only at <paramref name="filePath"/> (the Engine API JWT).</summary>
    public static IResourceBuilder<T> WithKubernetesSecretFile<T>(this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource> secret, string filePath)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(secret);
        RequireAbsolutePath(filePath, nameof(filePath));
        if (!secret.Resource.Secret)
        {
            throw new ArgumentException($"Parameter '{secret.Resource.Name}' is not secret; mount it with WithKubernetesConfigFiles instead.", nameof(secret));
        }

        return builder.WithAnnotation(new KubernetesSecretFileAnnotation(secret.Resource, filePath));
    }

    /// <summary>Leaves the local mounts at or below <paramref name="target"/> out of the pod (the cluster provides that data another way).</summary>
    public static IResourceBuilder<T> ExcludeMountFromKubernetes<T>(this IResourceBuilder<T> builder, string target)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireAbsolutePath(target, nameof(target));
        return builder.WithAnnotation(new KubernetesExcludedMountAnnotation(target));
    }

    /// <summary>Leaves the environment variables <paramref name="names"/> of the local run out of the Kubernetes container.</summary>
    public static IResourceBuilder<T> ExcludeEnvironmentFromKubernetes<T>(this IResourceBuilder<T> builder, params string[] names)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfZero(names.Length);
        foreach (var name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(names));
            builder.WithAnnotation(new KubernetesExcludedEnvironmentAnnotation(name));
        }

        return builder;
    }

    /// <summary>
    /// Mounts the node directory <paramref name="hostPath"/> read-only at <paramref name="mountPath"/>, for a node agent such as
    /// the log shipper; <paramref name="readerGroupId"/> (such as 0 for the container runtime's log files) joins the pod's
    /// supplemental groups so a non-root user can read them. This is the documented exception to the restricted Pod Security
    /// Standard: the namespace then enforces <c>privileged</c> (while auditing at <c>restricted</c>), and only such a resource
    /// may run as user 0.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesHostPath<T>(this IResourceBuilder<T> builder, string hostPath, string mountPath, long? readerGroupId = null)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        RequireAbsolutePath(hostPath, nameof(hostPath));
        RequireAbsolutePath(mountPath, nameof(mountPath));
        if (readerGroupId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(readerGroupId), readerGroupId, "A group id is 0 or more.");
        }

        return builder.WithAnnotation(new KubernetesHostPathAnnotation(hostPath, mountPath, readerGroupId));
    }

    /// <summary>
    /// Runs <paramref name="command"/> (a program and any leading arguments) instead of the image's entrypoint on Kubernetes,
    /// followed by the resource's arguments; for an entrypoint that needs root, such as one that changes file ownership.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesCommand<T>(this IResourceBuilder<T> builder, params string[] command)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfZero(command.Length);
        Array.ForEach(command, part => ArgumentException.ThrowIfNullOrWhiteSpace(part, nameof(command)));
        return builder.WithAnnotation(new KubernetesCommandAnnotation(command), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Gives the resource's pods a ServiceAccount allowed only <paramref name="verbs"/> (of <c>get</c>, <c>list</c>,
    /// <c>watch</c>) on <paramref name="resources"/> of <paramref name="apiGroup"/> (empty for the core group), in its own
    /// namespace and in the namespaces of the resources <paramref name="readFrom"/> returns when the model is published:
    /// a Role and RoleBinding in each, nothing cluster-wide.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesApiRead<T>(
        this IResourceBuilder<T> builder, string apiGroup, IReadOnlyList<string> resources, IReadOnlyList<string> verbs, Func<IEnumerable<IResource>> readFrom)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(apiGroup);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(verbs);
        ArgumentNullException.ThrowIfNull(readFrom);
        ArgumentOutOfRangeException.ThrowIfZero(resources.Count);
        ArgumentOutOfRangeException.ThrowIfZero(verbs.Count);
        if (verbs.FirstOrDefault(v => v is not ("get" or "list" or "watch")) is { } verb)
        {
            throw new ArgumentException($"'{verb}' is not a read verb; use get, list or watch.", nameof(verbs));
        }

        return builder.WithAnnotation(new KubernetesApiReadAnnotation(apiGroup, resources, verbs, readFrom));
    }

    /// <summary>Sets the image a project is published as: <paramref name="repository"/>:<paramref name="tag"/> (default <c>nodestack/&lt;name&gt;:&lt;NodeStack version&gt;</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithKubernetesImage(this IResourceBuilder<ProjectResource> builder, string repository, string tag)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        if (string.IsNullOrWhiteSpace(tag) || tag == "latest")
        {
            throw new ArgumentException("Pin the image to a version; 'latest' or no tag is not allowed.", nameof(tag));
        }

        return builder.WithAnnotation(new KubernetesProjectImageAnnotation(repository, tag), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Says the project compiles ahead of time (<c>PublishAot</c>). Deploy then builds its image on a Linux machine with
    /// clang (on the SDK's <c>runtime-deps</c> base image), and on macOS or Windows, where Native AOT cannot cross-compile,
    /// builds it on the JIT instead (<c>-p:PublishAot=false</c>, on the <c>aspnet</c> base image).
    /// </summary>
    public static IResourceBuilder<ProjectResource> PublishAsNativeAotContainer(this IResourceBuilder<ProjectResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new KubernetesNativeAotAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Sets how deploy generates this secret's value when its Secret is missing (default <see cref="KubernetesSecretFormat.Password"/>).</summary>
    public static IResourceBuilder<ParameterResource> WithKubernetesSecretFormat(this IResourceBuilder<ParameterResource> builder, KubernetesSecretFormat format)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new KubernetesSecretFormatAnnotation(format), ResourceAnnotationMutationBehavior.Replace);
    }

    private static IResourceBuilder<T> WithSecurity<T>(
        this IResourceBuilder<T> builder, long? userId, long? groupId, bool readOnlyRootFilesystem, string[] writablePaths)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        Array.ForEach(writablePaths, p => RequireAbsolutePath(p, nameof(writablePaths)));
        return builder.WithAnnotation(
            new KubernetesSecurityAnnotation(userId, groupId, readOnlyRootFilesystem, writablePaths.Distinct().ToList()),
            ResourceAnnotationMutationBehavior.Replace);
    }

    private static KubernetesWorkloadAnnotation Workload<T>(IResourceBuilder<T> builder)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Resource.Annotations.OfType<KubernetesWorkloadAnnotation>().LastOrDefault()
            ?? throw new InvalidOperationException($"Call WithKubernetesWorkload on '{builder.Resource.Name}' before choosing its workload kind.");
    }

    private static void RequireDnsLabel(string value, string parameter)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 40 || !value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            || value[0] is < 'a' or > 'z' || value[^1] == '-')
        {
            throw new ArgumentException($"'{value}' must be up to 40 lowercase letters, digits and '-', starting with a letter.", parameter);
        }
    }

    private static void RequireAbsolutePath(string value, string parameter)
    {
        if (string.IsNullOrEmpty(value) || !value.StartsWith('/'))
        {
            throw new ArgumentException($"'{value}' must be an absolute container path.", parameter);
        }
    }

    private static void RequireQuantity(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameter);
        try
        {
            _ = new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"'{value}' is not a Kubernetes quantity such as 250m, 512Mi or 20Gi.", parameter, e);
        }
    }
}
