namespace NodeStack.Hosting.Snapshots;

/// <summary>Stops a node's container gracefully and starts it again, through whoever runs it.</summary>
internal interface INodeLifecycle
{
    /// <summary>Stops the container, giving the node <see cref="SnapshotNode.ShutdownGracePeriod"/> to shut down.</summary>
    Task StopAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken);

    /// <summary>Starts the container again.</summary>
    Task StartAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken);
}

/// <summary>Stops and starts the container through the engine: for pipeline steps, when no AppHost runs it.</summary>
internal sealed class DockerNodeLifecycle(DockerEngineClient docker) : INodeLifecycle
{
    public Task StopAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken) =>
        docker.StopAsync(container.Id, node.ShutdownGracePeriod, cancellationToken);

    public Task StartAsync(SnapshotNode node, DockerContainerInfo container, CancellationToken cancellationToken) =>
        docker.StartAsync(container.Id, cancellationToken);
}
