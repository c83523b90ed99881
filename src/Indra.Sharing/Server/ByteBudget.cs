namespace Indra.Sharing.Server;

/// <summary>
/// A cap on bytes held at once over all requests, handed out in fixed chunks: a sender takes a chunk before it reads
/// bytes into memory and gives it back once the transport has taken them. Waiting for a chunk is cheap (no buffer is
/// held while waiting) and ends when the request is aborted.
/// </summary>
internal sealed class ByteBudget
{
    private readonly SemaphoreSlim _chunks;
    private int _taken;
    private int _peakTaken;

    /// <param name="capacityBytes">Bytes held at once at most (a multiple of <paramref name="chunkBytes"/>).</param>
    /// <param name="chunkBytes">Bytes of one chunk.</param>
    internal ByteBudget(int capacityBytes, int chunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, chunkBytes);
        ChunkBytes = chunkBytes;
        _chunks = new SemaphoreSlim(capacityBytes / chunkBytes);
    }

    /// <summary>Bytes of one chunk.</summary>
    internal int ChunkBytes { get; }

    /// <summary>Most bytes held at the same time so far (tests and status).</summary>
    internal long PeakBytes => (long)Volatile.Read(ref _peakTaken) * ChunkBytes;

    /// <summary>Waits for one chunk; give it back with <see cref="Release"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> fired first (nothing is taken).</exception>
    internal async Task TakeAsync(CancellationToken cancel)
    {
        await _chunks.WaitAsync(cancel).ConfigureAwait(false);
        var taken = Interlocked.Increment(ref _taken);
        for (var peak = Volatile.Read(ref _peakTaken); taken > peak; peak = Volatile.Read(ref _peakTaken))
        {
            Interlocked.CompareExchange(ref _peakTaken, taken, peak);
        }
    }

    /// <summary>Gives back a chunk taken with <see cref="TakeAsync"/>.</summary>
    internal void Release()
    {
        Interlocked.Decrement(ref _taken);
        _chunks.Release();
    }
}
