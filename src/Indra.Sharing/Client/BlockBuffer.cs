using System.Collections.Concurrent;

namespace Indra.Sharing.Client;

/// <summary>
/// Memory for one received block whose first byte lies on a 4,096-byte boundary (<see cref="Alignment"/>): the block
/// is read from the connection into it, verified there, and the block store's direct write (O_DIRECT, see
/// <c>FileBlockStore</c>) takes it from there as it is, where a block in an unaligned array is first copied into an
/// aligned one (one memory copy per received byte). The array is pinned (the pinned object heap never moves it), so
/// the alignment holds for the buffer's life. Buffers are pooled per capacity (<see cref="Rent"/>, <see cref="Return"/>):
/// a fetch of 1 GiB would otherwise allocate 1 GiB of pinned arrays for the collector; the pool keeps at most
/// <see cref="PooledBytes"/> bytes of each capacity. Thread-safe.
/// </summary>
internal sealed class BlockBuffer
{
    /// <summary>Alignment of <see cref="Memory"/>'s first byte, in bytes (every Linux block device's direct-I/O alignment divides it).</summary>
    internal const int Alignment = 4096;

    /// <summary>Smallest capacity handed out (64 KiB); capacities are powers of two from here.</summary>
    internal const int MinimumCapacity = 64 * 1024;

    /// <summary>Bytes of free buffers the pool keeps for each capacity (32 MiB, at least one buffer): the blocks of the
    /// runs in progress and of the writer's queue (<see cref="Sync.BlockWriter.QueueBytes"/>) are reused from it.</summary>
    internal const long PooledBytes = 32L << 20;

    private static readonly ConcurrentDictionary<int, ConcurrentQueue<BlockBuffer>> Free = new();

    private readonly byte[] _array;
    private readonly int _start;

    private BlockBuffer(int capacity)
    {
        _array = GC.AllocateUninitializedArray<byte>(capacity + Alignment, pinned: true);
        _start = StartOf(_array);
        Capacity = capacity;
    }

    /// <summary>Bytes the buffer holds (a power of two, at least <see cref="MinimumCapacity"/>).</summary>
    internal int Capacity { get; }

    /// <summary>The buffer: <see cref="Capacity"/> bytes starting on an <see cref="Alignment"/> boundary.</summary>
    internal Memory<byte> Memory => _array.AsMemory(_start, Capacity);

    /// <summary>The first <paramref name="length"/> bytes of the buffer.</summary>
    internal Span<byte> Span(int length) => _array.AsSpan(_start, length);

    /// <summary>A buffer of at least <paramref name="size"/> bytes (from the pool when one is free).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or over 1 GiB.</exception>
    internal static BlockBuffer Rent(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 1 << 30);
        var capacity = Math.Max(MinimumCapacity, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size));
        return Free.TryGetValue(capacity, out var free) && free.TryDequeue(out var buffer) ? buffer : new BlockBuffer(capacity);
    }

    /// <summary>Gives <paramref name="buffer"/> back (kept for the next <see cref="Rent"/> unless the pool holds
    /// <see cref="PooledBytes"/> of its capacity already). The caller must not use it afterwards.</summary>
    internal static void Return(BlockBuffer buffer)
    {
        var free = Free.GetOrAdd(buffer.Capacity, _ => new ConcurrentQueue<BlockBuffer>());
        if ((long)free.Count * buffer.Capacity < Math.Max(PooledBytes, buffer.Capacity)) free.Enqueue(buffer);
    }

    /// <summary>Index of the first byte of <paramref name="array"/> (pinned) that lies on an <see cref="Alignment"/> boundary.</summary>
    private static int StartOf(byte[] array) =>
        (int)((Alignment - (System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(array, 0) & (Alignment - 1))) & (Alignment - 1));
}
