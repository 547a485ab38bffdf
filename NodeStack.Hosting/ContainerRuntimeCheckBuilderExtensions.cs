using Aspire.Hosting.Lifecycle;
using NodeStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Makes a run without a container runtime say so and start what it can.</summary>
public static class ContainerRuntimeCheckBuilderExtensions
{
    /// <summary>
    /// In run mode, checks at startup that the container runtime (Docker or Podman) answers. When it does not, logs one
    /// warning naming the runtime and the containers that cannot start, leaves named volumes out of the run and drops
    /// waits on containers, so the dashboard, projects (such as the exporter) and node sync states come up and report
    /// the nodes unreachable instead of the whole start silently waiting for containers that never come.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    public static IDistributedApplicationBuilder AddContainerRuntimeCheck(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEventingSubscriber<ContainerRuntimeCheck>();
        return builder;
    }
}
