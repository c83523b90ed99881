using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Indra.Storage.Blocks;

/// <summary>
/// Native buffers aligned to <see cref="Alignment"/> bytes for direct I/O (O_DIRECT needs the memory, the offset and
/// the length aligned to the device's logical block size; 4,096 bytes covers every Linux block device). At most
/// <see cref="Kept"/> buffers are kept for reuse; the rest are freed when returned. Thread-safe.
/// </summary>
internal static unsafe class AlignedBuffers
{
    /// <summary>Alignment of every buffer's address, in bytes.</summary>
    public const int Alignment = 4096;

    /// <summary>Most idle buffers kept for reuse.</summary>
    private const int Kept = 8;

    private static readonly ConcurrentBag<(nint Pointer, int Capacity)> Idle = new();

    /// <summary>A buffer of at least <paramref name="length"/> bytes (contents undefined); give it back with <see cref="Return"/>.</summary>
    public static (nint Pointer, int Capacity) Rent(int length)
    {
        while (Idle.TryTake(out var idle))
        {
            if (idle.Capacity >= length) return idle;
            NativeMemory.AlignedFree((void*)idle.Pointer);
        }
        var capacity = (length + Alignment - 1) / Alignment * Alignment;
        return ((nint)NativeMemory.AlignedAlloc((nuint)capacity, Alignment), capacity);
    }

    /// <summary>Gives back a buffer from <see cref="Rent"/>.</summary>
    public static void Return((nint Pointer, int Capacity) buffer)
    {
        if (Idle.Count < Kept) Idle.Add(buffer);
        else NativeMemory.AlignedFree((void*)buffer.Pointer);
    }
}
