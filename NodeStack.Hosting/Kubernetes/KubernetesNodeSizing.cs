using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>
/// What a node needs on Kubernetes for one profile: its chain data claim, CPU and memory, and how long its first start
/// may take before liveness counts (a public network's node may open a large database or download a checkpoint first).
/// </summary>
/// <param name="Storage">The data claim's size, such as <c>2Ti</c>.</param>
/// <param name="CpuRequest">The CPU request.</param>
/// <param name="MemoryRequest">The memory request.</param>
/// <param name="CpuLimit">The CPU limit.</param>
/// <param name="MemoryLimit">The memory limit.</param>
/// <param name="MaxStartupTime">How long the startup probe allows.</param>
internal sealed record KubernetesNodeSizing(
    string Storage, string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit, TimeSpan MaxStartupTime)
{
    /// <summary>
    /// Publishes the node as a StatefulSet keeping <paramref name="dataDirectory"/> on a claim of <see cref="Storage"/>, with
    /// these resources and a startup probe of <paramref name="startupCheck"/>.
    /// </summary>
    public IResourceBuilder<T> ApplyTo<T>(IResourceBuilder<T> builder, string dataDirectory, KubernetesProbeCheck startupCheck)
        where T : IResource =>
        builder.PublishAsStatefulSet(Storage, dataDirectory)
            .WithKubernetesResources(CpuRequest, MemoryRequest, CpuLimit, MemoryLimit)
            .WithKubernetesStartupProbe(startupCheck, MaxStartupTime);
}
