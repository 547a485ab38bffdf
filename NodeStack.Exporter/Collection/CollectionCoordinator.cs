using NodeStack.Exporter.Options;

namespace NodeStack.Exporter.Collection;

/// <summary>
/// Decides what a scrape gets: the cached snapshot while the minimum interval has not passed, a share of the collection
/// already running (single flight), or a new collection. A scrape never waits past its own deadline: if the collection
/// is not done by then, it gets the last snapshot (last good values, marked by their age).
/// </summary>
public sealed class CollectionCoordinator(NodeCollector collector, ExporterOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<NodeSnapshot>? _inFlight;

    public NodeSnapshot Current => collector.Current;

    /// <summary>
    /// How much longer than a collection's deadline its starter waits, so that a collection cut off by its deadline
    /// still reports its own failure (up 0) rather than the snapshot before it. Stays well inside the scrape margin.
    /// </summary>
    public static readonly TimeSpan DeadlineGrace = TimeSpan.FromMilliseconds(200);

    public async Task<NodeSnapshot> GetSnapshotAsync(TimeSpan deadline, CancellationToken scrapeAborted)
    {
        Task<NodeSnapshot> collection;
        TaskCompletionSource<NodeSnapshot>? started = null;
        lock (_lock)
        {
            if (_inFlight is null)
            {
                var current = collector.Current;
                if (current.LastCollection is { } last && time.GetUtcNow() - last.Start < options.MinCollectionInterval)
                {
                    return current;
                }

                started = new TaskCompletionSource<NodeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight = started.Task;
            }

            collection = _inFlight;
        }

        if (started is not null)
        {
            _ = RunAsync(started, deadline);
        }

        try
        {
            return await collection.WaitAsync(deadline + DeadlineGrace, time, scrapeAborted);
        }
        catch (TimeoutException)
        {
            return collector.Current;
        }
    }

    private async Task RunAsync(TaskCompletionSource<NodeSnapshot> completion, TimeSpan deadline)
    {
        // The collection has its own deadline and ignores the starting scrape's cancellation: other scrapes share it.
        var snapshot = collector.Current;
        try
        {
            snapshot = await collector.CollectAsync(deadline);
        }
        finally
        {
            // Whatever happens, the next scrape must be able to start a collection.
            lock (_lock)
            {
                _inFlight = null;
            }

            completion.SetResult(snapshot);
        }
    }
}
