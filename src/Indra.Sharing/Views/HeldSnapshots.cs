namespace Indra.Sharing.Views;

/// <summary>
/// The current <see cref="ViewSnapshot"/>, and every replaced one a reader is still inside: the blocks any of them
/// names must stay until its last reader leaves (the collector asks <see cref="Held"/>). A reader enters the current
/// snapshot (<see cref="Enter"/>), reads, and leaves by disposing the <see cref="Reading"/>; a reader that entered a
/// snapshot just as it was replaced leaves it and enters the new one, so no reader is ever inside a snapshot that
/// <see cref="Held"/> has stopped reporting. Thread-safe; <see cref="Publish"/> and <see cref="Held"/> are called
/// under one lock by the caller (the one views are built under).
/// </summary>
internal sealed class HeldSnapshots
{
    private readonly List<Slot> _replaced = [];
    private Slot _current = new(ViewSnapshot.Empty);

    /// <summary>The snapshot readers enter now (for lookups that read no blocks).</summary>
    internal ViewSnapshot Current => Volatile.Read(ref _current).Snapshot;

    /// <summary>Enters the current snapshot; dispose the result when done reading its blocks.</summary>
    internal Reading Enter()
    {
        while (true)
        {
            var slot = Volatile.Read(ref _current);
            Interlocked.Increment(ref slot.Readers);
            // The increment is a full fence: if the slot is still current now, Held (which reads the counts after the
            // swap that replaces it) sees this reader; if not, leave it before reading anything.
            if (ReferenceEquals(slot, Volatile.Read(ref _current))) return new Reading(slot);
            Interlocked.Decrement(ref slot.Readers);
        }
    }

    /// <summary>Makes <paramref name="next"/> the current snapshot; the replaced one is held while readers are inside.</summary>
    internal void Publish(ViewSnapshot next)
    {
        var old = Interlocked.Exchange(ref _current, new Slot(next));
        lock (_replaced)
        {
            _replaced.Add(old);
            Prune();
        }
    }

    /// <summary>The current snapshot and every replaced one a reader is still inside.</summary>
    internal IReadOnlyList<ViewSnapshot> Held()
    {
        lock (_replaced)
        {
            Interlocked.MemoryBarrier();
            Prune();
            return [.. _replaced.Select(s => s.Snapshot), Volatile.Read(ref _current).Snapshot];
        }
    }

    /// <summary>Forgets replaced snapshots no reader is inside (none can enter one again).</summary>
    private void Prune() => _replaced.RemoveAll(s => Volatile.Read(ref s.Readers) == 0);

    /// <summary>A snapshot with the count of readers inside it.</summary>
    internal sealed class Slot(ViewSnapshot snapshot)
    {
        internal ViewSnapshot Snapshot { get; } = snapshot;

        internal int Readers;
    }

    /// <summary>A reader inside one snapshot; leaves it on dispose.</summary>
    internal readonly struct Reading(Slot slot) : IDisposable
    {
        /// <summary>The snapshot entered.</summary>
        internal ViewSnapshot Snapshot => slot.Snapshot;

        /// <summary>Leaves the snapshot.</summary>
        public void Dispose() => Interlocked.Decrement(ref slot.Readers);
    }
}
