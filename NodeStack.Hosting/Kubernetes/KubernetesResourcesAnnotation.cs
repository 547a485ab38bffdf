using Aspire.Hosting.ApplicationModel;

namespace NodeStack.Hosting.Kubernetes;

/// <summary>CPU and memory requests and limits of a resource's container, in Kubernetes quantity notation.</summary>
/// <param name="CpuRequest">Such as <c>250m</c>.</param>
/// <param name="MemoryRequest">Such as <c>512Mi</c>.</param>
/// <param name="CpuLimit">Such as <c>2</c>.</param>
/// <param name="MemoryLimit">Such as <c>4Gi</c>.</param>
public sealed record KubernetesResourcesAnnotation(
    string CpuRequest,
    string MemoryRequest,
    string CpuLimit,
    string MemoryLimit) : IResourceAnnotation;
