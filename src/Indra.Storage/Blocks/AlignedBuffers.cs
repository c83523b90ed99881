using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Indra.Storage.Blocks;

/// <summary>
/// Native buffers for direct I/O (O_DIRECT needs the memory, the offset and the length aligned to the device's logical
/// block size; <see cref="Alignment"/> covers every Linux block device). Buffers of at least 1 MiB are placed on
/// 2 MiB boundaries and offered to the kernel as transparent huge pages (madvise MADV_HUGEPAGE), so pinning one for a
/// direct write takes one page reference instead of 256. At most <see cref="Kept"/> buffers are kept for reuse; the
/// rest are freed when returned. Thread-safe.
/// </summary>
internal static unsafe partial class AlignedBuffers
{
    /// <summary>Alignment of every buffer's address and capacity, in bytes.</summary>
    public const int Alignment = 4096;

    /// <summary>Size and alignment of a transparent huge page on x86-64 and arm64 with 4 KiB pages, in bytes.</summary>
    private const int HugePage = 2 << 20;

    /// <summary><c>MADV_HUGEPAGE</c> (Linux).</summary>
    private const int AdviseHugePage = 14;

    /// <summary>
    /// Most idle buffers kept for reuse: as many as a stream of queued block writes holds at once (the queue, its
    /// writers and the block being queued), so a long sequential write allocates none (a fresh huge page costs the
    /// kernel 2 MiB of zeroing: 7 % of the daemon's samples in a 1 GiB dd with 4 kept).
    /// </summary>
    private const int Kept = BlockWriteQueue.Depth + BlockWriteQueue.WriterThreads + 2;

    private static readonly ConcurrentBag<(nint Pointer, int Capacity)> Idle = new();

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>A buffer of at least <paramref name="length"/> bytes (contents undefined); give it back with <see cref="Return"/>.</summary>
    /// <param name="length">Bytes needed.</param>
    /// <param name="hugePages">When a new buffer of 1 MiB or more is allocated: place it on a 2 MiB boundary and advise
    /// huge pages (a buffer about to be filled whole); false allocates it 4 KiB aligned, so only the pages written are
    /// backed (a receive buffer that mostly holds small requests).</param>
    public static (nint Pointer, int Capacity) Rent(int length, bool hugePages = true)
    {
        while (Idle.TryTake(out var idle))
        {
            if (idle.Capacity >= length) return idle;
            NativeMemory.AlignedFree((void*)idle.Pointer);
        }
        var huge = hugePages && length >= HugePage / 2;
        var alignment = huge ? HugePage : Alignment;
        var capacity = (length + alignment - 1) / alignment * alignment;
        var pointer = (nint)NativeMemory.AlignedAlloc((nuint)capacity, (nuint)alignment);
        // Advice only: without huge pages the buffer works the same.
        if (huge && OperatingSystem.IsLinux()) _ = Madvise(pointer, (nuint)capacity, AdviseHugePage);
        return (pointer, capacity);
    }

    /// <summary>Gives back a buffer from <see cref="Rent"/>.</summary>
    public static void Return((nint Pointer, int Capacity) buffer)
    {
        if (Idle.Count < Kept) Idle.Add(buffer);
        else NativeMemory.AlignedFree((void*)buffer.Pointer);
    }
}
