using static NodeStack.Hosting.Snapshots.RestoreCompatibility;

namespace NodeStack.Hosting.Snapshots;

/// <summary>
/// Snapshots through the container engine's own archive transfer (the Engine API endpoints <c>docker cp</c> uses),
/// against the node's container while it is stopped, or against a container created (never started) from the node's
/// image when none exists. No other image is pulled. Restore extracts into a work folder on the volume, then swaps it
/// for the old content by renames in a short-lived container of the node's own image, so a failure part-way leaves the
/// previous data in place.
/// </summary>
internal sealed class LocalSnapshotTransport(DockerEngineClient docker, SnapshotStore store, INodeLifecycle lifecycle, IServiceProvider services, TimeProvider? clock = null)
{
    private const string Incoming = SnapshotArchive.WorkFolderPrefix + "incoming";
    private const string Previous = SnapshotArchive.WorkFolderPrefix + "previous";

    /// <summary>Stops the node, archives its data volume with a manifest, and starts it again.</summary>
    public async Task<SnapshotManifest> CreateAsync(SnapshotNode node, string? label, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var created = (clock ?? TimeProvider.System).GetUtcNow();
        var id = SnapshotStore.NewId(node.Name, created, label);
        await using var holder = await AcquireAsync(node, progress, cancellationToken).ConfigureAwait(false);
        var facts = await ReadFactsAsync(node, holder.Container, progress, cancellationToken).ConfigureAwait(false);
        await holder.StopAsync(cancellationToken).ConfigureAwait(false);

        var partial = store.PartialArchivePath(node.Name, id);
        ArchiveSummary summary;
        try
        {
            progress.Report($"Archiving {node.DataDirectory} of {node.Name} (volume {node.Volume})");
            await using (var tar = await docker.GetArchiveAsync(holder.Container.Id, node.DataDirectory, cancellationToken).ConfigureAwait(false))
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                summary = await SnapshotArchive.WriteAsync(tar, file, bytes => progress.Report(Invariant($"Archived {bytes >> 20} MiB")), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        var manifest = new SnapshotManifest(id, node.Name, node.Image, node.Tag, node.Chain, node.Network,
            facts?.Height, facts?.BestBlockHash, facts?.GenesisHash, created, summary.DataBytes, summary.ArchiveBytes, summary.Sha256, label);
        store.Commit(manifest, partial);
        progress.Report(Invariant($"Wrote {store.ArchivePath(node.Name, id)}: {summary.DataBytes >> 20} MiB of data in {summary.ArchiveBytes >> 20} MiB"));
        return manifest;
    }

    /// <summary>
    /// Verifies snapshot <paramref name="id"/> (chain, network, size, SHA-256) before touching anything, then stops the
    /// node, replaces its data with the snapshot's, and starts it again. Returns a warning to show, or null.
    /// </summary>
    public async Task<string?> RestoreAsync(SnapshotNode node, string id, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var manifest = store.Load(node.Name, id);
        var warning = Check(node, manifest);
        if (warning is not null)
        {
            progress.Report(warning);
        }

        var archive = store.ArchivePath(node.Name, id);
        progress.Report($"Verifying {archive}");
        await SnapshotArchive.VerifyAsync(archive, manifest, cancellationToken).ConfigureAwait(false);

        await using var holder = await AcquireAsync(node, progress, cancellationToken).ConfigureAwait(false);
        await holder.StopAsync(cancellationToken).ConfigureAwait(false);
        await RunWorkContainerAsync(holder.Container, node, "prepare", cancellationToken).ConfigureAwait(false);
        try
        {
            progress.Report(Invariant($"Extracting {manifest.DataBytes >> 20} MiB into {node.DataDirectory}/{Incoming}"));
            await using var tar = SnapshotArchive.OpenTar(archive);
            await docker.PutArchiveAsync(holder.Container.Id, $"{node.DataDirectory}/{Incoming}", tar, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await RunWorkContainerAsync(holder.Container, node, "discard", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        progress.Report($"Swapping the restored data in for the old");
        await RunWorkContainerAsync(holder.Container, node, "swap", cancellationToken).ConfigureAwait(false);
        return warning;
    }

    private async Task<NodeFacts?> ReadFactsAsync(SnapshotNode node, DockerContainerInfo container, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (node.Facts is not { } source || !container.Running)
        {
            return null;
        }

        if (!container.PublishedPorts.TryGetValue(Invariant($"{source.RpcPort}/tcp"), out var hostPort))
        {
            progress.Report(Invariant($"{node.Name} publishes no port for its RPC ({source.RpcPort}); the manifest records no height or hashes."));
            return null;
        }

        try
        {
            return await source.ReadAsync(new Uri(Invariant($"http://127.0.0.1:{hostPort}/")), services, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Sync.NodeFaults.IsNodeFault(e, cancellationToken))
        {
            progress.Report($"{node.Name} did not report its height and hashes ({e.Message}); the manifest records none.");
            return null;
        }
    }

    private async Task<Holder> AcquireAsync(SnapshotNode node, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (!await docker.VolumeExistsAsync(node.Volume, cancellationToken).ConfigureAwait(false))
        {
            throw new SnapshotException($"{node.Name} has no data volume '{node.Volume}' yet: run it once first.");
        }

        foreach (var id in await docker.ContainersMountingAsync(node.Volume, cancellationToken).ConfigureAwait(false))
        {
            var container = await docker.InspectAsync(id, cancellationToken).ConfigureAwait(false);
            if (container.Name == node.Name || container.Name.StartsWith(node.Name + "-", StringComparison.Ordinal))
            {
                return new Holder(docker, lifecycle, node, container, created: false, progress);
            }
        }

        progress.Report($"No {node.Name} container exists; creating one from {node.ImageReference} (not started) to reach volume {node.Volume}");
        var createdId = await docker.CreateAsync(new DockerContainerSpec(node.ImageReference, "snapshot")
        {
            Binds = [$"{node.Volume}:{node.DataDirectory}"],
        }, cancellationToken).ConfigureAwait(false);
        return new Holder(docker, lifecycle, node, await docker.InspectAsync(createdId, cancellationToken).ConfigureAwait(false), created: true, progress);
    }

    // The swap is renames inside the volume, so it needs a process; the node's own image has a shell, and runs it as
    // the node's user, with the node container's volumes and no network.
    private async Task RunWorkContainerAsync(DockerContainerInfo holder, SnapshotNode node, string mode, CancellationToken cancellationToken)
    {
        var id = await docker.CreateAsync(new DockerContainerSpec(holder.Image, "snapshot-" + mode)
        {
            User = holder.User,
            Entrypoint = ["/bin/sh", "-c", SwapScript, "nodestack-snapshot", node.DataDirectory, mode],
            VolumesFrom = [holder.Id],
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await docker.StartAsync(id, cancellationToken).ConfigureAwait(false);
            var exitCode = await docker.WaitAsync(id, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                var output = await docker.LogsAsync(id, cancellationToken).ConfigureAwait(false);
                throw new SnapshotException(Invariant($"Restoring into {node.Name} failed at '{mode}' (exit {exitCode}): {output}"));
            }
        }
        finally
        {
            await docker.RemoveAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // prepare: an empty work folder; discard: remove it; swap: move the old entries aside, the new ones in, then drop
    // the old. An interrupted swap leaves the old data in .nodestack-previous, and a later restore refuses to run over it.
    private const string SwapScript = """
        set -e
        cd "$1"
        if [ -e .nodestack-previous ]; then
          echo "$1/.nodestack-previous exists: an earlier restore was interrupted and the old data is there; move it back or remove it first." >&2
          exit 3
        fi
        case "$2" in
          prepare) rm -rf .nodestack-incoming; mkdir .nodestack-incoming ;;
          discard) rm -rf .nodestack-incoming ;;
          swap)
            mkdir .nodestack-previous
            for entry in * .[!.]* ..?*; do
              [ -e "$entry" ] || [ -L "$entry" ] || continue
              case "$entry" in .nodestack-incoming|.nodestack-previous) continue ;; esac
              mv "$entry" .nodestack-previous/
            done
            for entry in .nodestack-incoming/* .nodestack-incoming/.[!.]* .nodestack-incoming/..?*; do
              [ -e "$entry" ] || [ -L "$entry" ] || continue
              mv "$entry" .
            done
            rmdir .nodestack-incoming
            rm -rf .nodestack-previous ;;
        esac
        """;

    /// <summary>The container that holds the node's volume for a transfer: stops it if it runs, and afterwards starts it again or removes it.</summary>
    private sealed class Holder(DockerEngineClient docker, INodeLifecycle lifecycle, SnapshotNode node, DockerContainerInfo container, bool created, IProgress<string> progress) : IAsyncDisposable
    {
        private bool _stopped;

        public DockerContainerInfo Container => container;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (!container.Running)
            {
                return;
            }

            progress.Report(Invariant($"Stopping {node.Name} (it may take up to {node.ShutdownGracePeriod.TotalSeconds:0} s to shut down cleanly)"));
            await lifecycle.StopAsync(node, container, cancellationToken).ConfigureAwait(false);
            _stopped = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (created)
            {
                await docker.RemoveAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
            else if (_stopped)
            {
                progress.Report($"Starting {node.Name} again");
                await lifecycle.StartAsync(node, container, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
