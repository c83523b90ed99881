namespace Indra.Storage.Metadata;

/// <summary>Observers of the batches of queued writes the store's transactions land (for the daemon's metrics).</summary>
internal sealed partial class MetadataStore
{
    private readonly object _batchObserversGate = new();

    /// <summary>
    /// Adds <paramref name="observer"/>, called with the number of queued writes (<see cref="Defer(long, Action)"/>)
    /// each committed transaction landed, for the transactions that landed some. It runs on the committing thread under
    /// the queue's lock: it must be quick and must not use the store.
    /// </summary>
    public void ObserveBatches(Action<int> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_batchObserversGate)
        {
            _queue.BatchLanded += observer;
        }
    }
}
