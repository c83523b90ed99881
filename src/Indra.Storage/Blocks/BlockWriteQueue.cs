using System.Collections.Concurrent;
using Indra.Hashing;
using Indra.Storage.Threading;

namespace Indra.Storage.Blocks;

/// <summary>
/// Block files written in the background: <see cref="TryEnqueue"/> copies a block's bytes into an aligned native
/// buffer (<see cref="AlignedBuffers"/>), or takes the buffer the calling thread lends (<see cref="LentBlockBuffer"/>),
/// and returns, and <see cref="WriterThreads"/> dedicated threads write the files
/// (the writer given to the constructor: temporary file, direct I/O, rename into place). A caller that is about to
/// reference blocks (a metadata commit, fsync) first waits for them with <see cref="Wait(IEnumerable{Blake3Hash})"/>; until a block has landed
/// its bytes are served from the buffer (<see cref="TryRead"/>). At most <see cref="Depth"/> blocks wait for a writer;
/// a further <see cref="TryEnqueue"/> blocks until one is taken (a writer faster than the disk is slowed to it).
/// A write that fails keeps its buffer: the failure is reported by the next <see cref="Wait(Blake3Hash)"/> for that block, which
/// first tries the write once more (the disk may have room again), as fsync(2) reports a failed writeback.
/// Nothing here spins: an idle writer thread and a caller waiting for room or for a block block at once
/// (<see cref="HandOffQueue{T}"/>, and an event without spinning), since between two 1 MiB writes a writer is idle
/// for most of a millisecond and the spinning of BlockingCollection's semaphore took the CPU the FUSE thread needed
/// (docs/blocks.md).
/// Thread-safe.
/// </summary>
internal sealed class BlockWriteQueue : IDisposable
{
    /// <summary>Writes a block's file from <paramref name="length"/> bytes at <paramref name="pointer"/> (aligned).</summary>
    /// <exception cref="IOException">The write failed (HResult: the errno).</exception>
    public delegate void Writer(Blake3Hash hash, nint pointer, int length);

    /// <summary>Blocks queued for a writer at most (the FUSE thread waits beyond that).</summary>
    public const int Depth = 4;

    /// <summary>Threads writing block files (two keep a disk busy while the other thread opens and renames).</summary>
    public const int WriterThreads = 2;

    private readonly Writer _write;
    private readonly ConcurrentDictionary<Blake3Hash, QueuedBlock> _pending = new();
    private readonly HandOffQueue<QueuedBlock> _queue = new(Depth);
    private readonly Thread[] _threads;
    private long _written;

    /// <summary>Starts the writer threads; <paramref name="write"/> writes one block's file.</summary>
    public BlockWriteQueue(Writer write)
    {
        _write = write;
        _threads = new Thread[WriterThreads];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"indra block writer {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Blocks written so far (by the writer threads, or by a waiter that found a block not taken yet).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>True when nothing is queued, being written or failed.</summary>
    public bool IsIdle => _pending.IsEmpty;

    /// <summary>True while block <paramref name="hash"/> is queued or being written (not after a failure).</summary>
    public bool IsPending(Blake3Hash hash) => _pending.TryGetValue(hash, out var block) && !block.Failed;

    /// <summary>The length in bytes of a pending block (see <see cref="IsPending"/>), or -1.</summary>
    public long LengthOf(Blake3Hash hash) => _pending.TryGetValue(hash, out var block) ? block.Length : -1;

    /// <summary>
    /// Queues block <paramref name="hash"/> for writing (a copy of <paramref name="data"/>; the caller may reuse its
    /// buffer at once), or, when <paramref name="data"/> is exactly the range this thread lends
    /// (<see cref="LentBlockBuffer"/>), the lent buffer itself, without copying. Waits while <see cref="Depth"/> blocks
    /// are queued already.
    /// </summary>
    /// <returns>False when the block is queued or being written already (nothing is done).</returns>
    public unsafe bool TryEnqueue(Blake3Hash hash, ReadOnlySpan<byte> data)
    {
        if (_pending.TryGetValue(hash, out var existing))
        {
            if (!existing.Failed) return false;
            // A write of the same bytes that failed earlier: this one takes its place (and its report).
            if (_pending.TryRemove(new KeyValuePair<Blake3Hash, QueuedBlock>(hash, existing))) existing.Release();
        }
        // Bytes received straight into an aligned buffer this thread lends (a FUSE WRITE's payload) are taken as they
        // are; any others are copied into a buffer of the queue's own.
        if (!LentBlockBuffer.TryTake(data, out var buffer))
        {
            buffer = AlignedBuffers.Rent(data.Length);
            fixed (byte* source = data) StreamingCopy.Copy(source, (byte*)buffer.Pointer, data.Length);
        }
        var block = new QueuedBlock(hash, buffer, data.Length);
        if (!_pending.TryAdd(hash, block))
        {
            block.Release();
            return false;
        }
        Add(block);
        return true;
    }

    /// <summary>Hands a block to the writer threads; waits while <see cref="Depth"/> blocks wait for one already.</summary>
    private void Add(QueuedBlock block)
    {
        if (!_queue.TryAdd(block)) throw new ObjectDisposedException(nameof(BlockWriteQueue));
    }

    /// <summary>Copies bytes of a pending block from <paramref name="offset"/>; false when it is not pending (read its file).</summary>
    public bool TryRead(Blake3Hash hash, long offset, Span<byte> target, out int read)
    {
        read = 0;
        return _pending.TryGetValue(hash, out var block) && block.TryCopy(offset, target, out read);
    }

    /// <summary>
    /// Returns once every block of <paramref name="hashes"/> that is queued or being written has landed (its file is in
    /// place). A block whose background write failed is written once more here, on the calling thread.
    /// </summary>
    /// <exception cref="IOException">A block could not be written (HResult: the errno; 28 for a full disk).</exception>
    public void Wait(IEnumerable<Blake3Hash> hashes)
    {
        if (_pending.IsEmpty) return;
        foreach (var hash in hashes)
        {
            if (_pending.TryGetValue(hash, out var block)) Wait(block);
        }
    }

    /// <summary>Waits for one block, as <see cref="Wait(IEnumerable{Blake3Hash})"/>.</summary>
    public void Wait(Blake3Hash hash)
    {
        if (_pending.TryGetValue(hash, out var block)) Wait(block);
    }

    /// <summary>Forgets block <paramref name="hash"/> once it has landed or failed (it is being deleted).</summary>
    public void Forget(Blake3Hash hash)
    {
        if (!_pending.TryGetValue(hash, out var block)) return;
        block.Done.Wait();
        if (_pending.TryRemove(new KeyValuePair<Blake3Hash, QueuedBlock>(hash, block))) block.Release();
    }

    /// <summary>Writes what is queued, then stops the writer threads.</summary>
    public void Dispose()
    {
        _queue.Complete();
        foreach (var thread in _threads) thread.Join();
        foreach (var block in _pending.Values) block.Release();
        _pending.Clear();
    }

    private void Wait(QueuedBlock block)
    {
        // A block no writer has taken yet is written here: the waiter need not wait for a writer thread's turn.
        var attempted = block.TryTake();
        if (attempted) Attempt(block);
        block.Done.Wait();
        if (!block.Failed) return;
        if (attempted) throw block.Failure!;
        lock (block)
        {
            if (block.Landed) return;
            if (!block.HasBuffer) throw block.Failure!;
            try
            {
                _write(block.Hash, block.Buffer.Pointer, block.Length);
            }
            catch (IOException e)
            {
                block.Failure = e;
                throw;
            }
            block.Landed = true;
        }
        Finish(block);
    }

    private void Run()
    {
        while (_queue.TryTake(out var block))
        {
            if (block.TryTake()) Attempt(block);
        }
    }

    /// <summary>The first write of a block (by a writer thread, or by a waiter that found it not taken yet).</summary>
    private void Attempt(QueuedBlock block)
    {
        try
        {
            _write(block.Hash, block.Buffer.Pointer, block.Length);
            lock (block)
            {
                block.Landed = true;
            }
            Interlocked.Increment(ref _written);
            Finish(block);
        }
        catch (Exception e)
        {
            lock (block)
            {
                block.Failure = e as IOException ?? new IOException($"block {block.Hash} could not be written: {e.Message}", e);
            }
        }
        finally
        {
            block.Done.Set();
        }
    }

    /// <summary>A block that landed: its file is in place, so readers go there and its buffer is freed.</summary>
    private void Finish(QueuedBlock block)
    {
        _pending.TryRemove(new KeyValuePair<Blake3Hash, QueuedBlock>(block.Hash, block));
        block.Release();
    }

    /// <summary>One block on its way to its file.</summary>
    private sealed class QueuedBlock(Blake3Hash hash, (nint Pointer, int Capacity) buffer, int length)
    {
        public Blake3Hash Hash { get; } = hash;
        public (nint Pointer, int Capacity) Buffer { get; } = buffer;
        public int Length { get; } = length;
        public ManualResetEventSlim Done { get; } = new(false, spinCount: 0);
        public bool Landed { get; set; }
        public IOException? Failure { get; set; }
        public bool HasBuffer { get; private set; } = true;
        public bool Failed => Failure is not null && !Landed;
        private bool _taken;

        /// <summary>True for the one caller that takes the block's first write.</summary>
        public bool TryTake()
        {
            lock (this)
            {
                if (_taken) return false;
                _taken = true;
                return true;
            }
        }

        public unsafe bool TryCopy(long offset, Span<byte> target, out int read)
        {
            read = 0;
            lock (this)
            {
                if (!HasBuffer || Landed) return false;
                if (offset >= Length) return true;
                read = (int)Math.Min(target.Length, Length - offset);
                new ReadOnlySpan<byte>((byte*)Buffer.Pointer + offset, read).CopyTo(target);
                return true;
            }
        }

        public void Release()
        {
            lock (this)
            {
                if (!HasBuffer) return;
                HasBuffer = false;
                AlignedBuffers.Return(Buffer);
            }
        }
    }
}
