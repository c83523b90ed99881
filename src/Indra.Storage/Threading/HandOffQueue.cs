namespace Indra.Storage.Threading;

/// <summary>
/// A bounded first-in, first-out queue between threads that never spins: a thread that finds it empty (taking) or
/// full (adding) blocks at once on the queue's monitor (<see cref="Monitor.Wait(object)"/>, an event without a spin
/// phase). For the daemon's dedicated worker threads, which are idle between most items: the semaphore under
/// <c>BlockingCollection</c> spins and yields for tens of microseconds before it blocks, and on a 2-core machine that
/// CPU is taken from the FUSE threads and their callers (docs/blocks.md; docs/performance-small-files.md, Session 15).
/// </summary>
/// <remarks>Thread-safe; any number of adding and taking threads. Items are handed over in the order added.</remarks>
/// <typeparam name="T">The items.</typeparam>
public sealed class HandOffQueue<T>
{
    private readonly Queue<T> _items;
    private readonly int _capacity;
    private int _waitingTakers;
    private int _waitingAdders;
    private bool _completed;

    /// <summary>A queue holding at most <paramref name="capacity"/> items (at least 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public HandOffQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _items = new Queue<T>(Math.Min(capacity, 1024));
    }

    /// <summary>Items waiting to be taken.</summary>
    public int Count
    {
        get
        {
            lock (_items) return _items.Count;
        }
    }

    /// <summary>Adds <paramref name="item"/>, waiting while the queue is full (back-pressure, never loss).</summary>
    /// <returns>False once <see cref="Complete"/> was called (the item is not added).</returns>
    public bool TryAdd(T item)
    {
        lock (_items)
        {
            while (_items.Count >= _capacity && !_completed)
            {
                _waitingAdders++;
                Monitor.Wait(_items);
                _waitingAdders--;
            }
            if (_completed) return false;
            _items.Enqueue(item);
            // One taker is enough; when adders wait too, a single pulse could wake one of them instead, so wake all.
            if (_waitingTakers > 0)
            {
                if (_waitingAdders == 0) Monitor.Pulse(_items);
                else Monitor.PulseAll(_items);
            }
            return true;
        }
    }

    /// <summary>Takes the oldest item, waiting for one.</summary>
    /// <returns>False once <see cref="Complete"/> was called and every item added before it has been taken.</returns>
    public bool TryTake(out T item)
    {
        lock (_items)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    item = default!;
                    return false;
                }
                _waitingTakers++;
                Monitor.Wait(_items);
                _waitingTakers--;
            }
            item = _items.Dequeue();
            if (_waitingAdders > 0)
            {
                if (_waitingTakers == 0) Monitor.Pulse(_items);
                else Monitor.PulseAll(_items);
            }
            return true;
        }
    }

    /// <summary>Takes no more items: waiting adders return false, takers get what is left and then false.</summary>
    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }
}
