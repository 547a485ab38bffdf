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

    public async Task<NodeSnapshot> GetSnapshotAsync(TimeSpan deadline, CancellationToken scrapeAborted)
    {
        Task<NodeSnapshot> collection;
        lock (_lock)
        {
            if (_inFlight is null)
            {
                var current = collector.Current;
                if (current.LastCollectionStart is { } lastStart && time.GetUtcNow() - lastStart < options.MinCollectionInterval)
                {
                    return current;
                }

                _inFlight = StartCollection(deadline);
            }

            collection = _inFlight;
        }

        try
        {
            return await collection.WaitAsync(deadline, time, scrapeAborted);
        }
        catch (TimeoutException)
        {
            return collector.Current;
        }
    }

    private Task<NodeSnapshot> StartCollection(TimeSpan deadline)
    {
        var completion = new TaskCompletionSource<NodeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = RunAsync(completion, deadline);
        return completion.Task;
    }

    private async Task RunAsync(TaskCompletionSource<NodeSnapshot> completion, TimeSpan deadline)
    {
        // The collection has its own deadline and ignores the starting scrape's cancellation: other scrapes share it.
        using var timeout = new CancellationTokenSource(deadline, time);
        var snapshot = await collector.CollectAsync(timeout.Token);
        lock (_lock)
        {
            _inFlight = null;
        }

        completion.SetResult(snapshot);
    }
}
