namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// What a node needs on Kubernetes for one profile: its chain data claim, CPU and memory, how long its first start
/// may take before liveness counts (a public network's node may open a large database or download a checkpoint first),
/// and how long it may take to stop (a public network's node flushes large caches to disk on SIGTERM; a kill loses them).
/// </summary>
/// <param name="Storage">The data claim's size, such as <c>2Ti</c>.</param>
/// <param name="CpuRequest">The CPU request.</param>
/// <param name="MemoryRequest">The memory request.</param>
/// <param name="CpuLimit">The CPU limit.</param>
/// <param name="MemoryLimit">The memory limit.</param>
/// <param name="MaxStartupTime">How long the startup probe allows.</param>
/// <param name="ShutdownGracePeriod">How long the node may take to stop before it is killed.</param>
internal sealed record KubernetesNodeSizing(
    string Storage, string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit, TimeSpan MaxStartupTime, TimeSpan ShutdownGracePeriod)
{
    /// <summary>
    /// Publishes the node as a StatefulSet keeping <paramref name="dataDirectory"/> on a claim of <see cref="Storage"/>, with
    /// these resources, a startup probe of <paramref name="startupCheck"/> and its shutdown grace period.
    /// </summary>
    public void ApplyTo(KubernetesPod pod, string dataDirectory, KubernetesProbeCheck startupCheck)
    {
        pod.AsStatefulSet(Storage, dataDirectory)
            .WithResources(CpuRequest, MemoryRequest, CpuLimit, MemoryLimit)
            .StartupProbe(startupCheck, MaxStartupTime);
        pod.TerminationGracePeriod = ShutdownGracePeriod;
    }

    /// <summary><see cref="MemoryLimit"/> in MiB (a <c>Gi</c> or <c>Mi</c> quantity), which node caches are sized against.</summary>
    public int MemoryLimitMebibytes => MemoryLimit switch
    {
        var gi when gi.EndsWith("Gi", StringComparison.Ordinal) => int.Parse(gi[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        var mi when mi.EndsWith("Mi", StringComparison.Ordinal) => int.Parse(mi[..^2], System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Memory limit '{MemoryLimit}' is not in Gi or Mi."),
    };
}
