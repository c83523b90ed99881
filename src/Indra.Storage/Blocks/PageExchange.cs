using System.Runtime.InteropServices;

namespace Indra.Storage.Blocks;

/// <summary>
/// Swaps the pages behind two page-aligned ranges of private anonymous memory without copying their bytes: three
/// <c>mremap</c> moves through a spare range of the calling thread (<see cref="Interop.Unix.MovePages"/>). Used where
/// a buffer's address must stay fixed but its bytes should go elsewhere (a FUSE ring entry's payload, whose address the
/// kernel holds since REGISTER, lent to the block write queue: <see cref="LentBlockBuffer"/>).
/// </summary>
/// <remarks>
/// Moving page table entries costs a few microseconds per MiB where copying a MiB costs about a hundred; no page is
/// allocated or zeroed when both ranges were written before. Both ranges must belong to the caller alone for the
/// duration of the call (no other thread reads or writes them, no device has them pinned).
/// </remarks>
internal static unsafe class PageExchange
{
    /// <summary>Page size the ranges are aligned to, in bytes.</summary>
    public const int Page = 4096;

    [ThreadStatic]
    private static nint _spare;

    [ThreadStatic]
    private static int _spareLength;

    [ThreadStatic]
    private static bool _unsupported;

    /// <summary>
    /// Exchanges the first <paramref name="length"/> bytes at <paramref name="first"/> and <paramref name="second"/>
    /// (both page-aligned, <paramref name="length"/> a positive multiple of <see cref="Page"/>, the ranges apart).
    /// </summary>
    /// <returns>True when the bytes were exchanged; false (both ranges as they were) when the kernel refused the moves
    /// (not Linux, a kernel before 5.7, memory that is not private anonymous): the caller copies instead.</returns>
    public static bool TrySwap(nint first, nint second, int length)
    {
        if (_unsupported || length <= 0 || length % Page != 0 || first % Page != 0 || second % Page != 0) return false;
        if (_spareLength < length)
        {
            if (_spare != 0) NativeMemory.AlignedFree((void*)_spare);
            _spare = (nint)NativeMemory.AlignedAlloc((nuint)length, Page);
            _spareLength = length;
        }
        var size = (nuint)length;
        if (Interop.Unix.MovePages(first, _spare, size) != 0)
        {
            _unsupported = true;
            return false;
        }
        if (Interop.Unix.MovePages(second, first, size) != 0)
        {
            // Put the first range's pages back where they were.
            if (Interop.Unix.MovePages(_spare, first, size) != 0) NativeMemory.Copy((void*)_spare, (void*)first, size);
            _unsupported = true;
            return false;
        }
        if (Interop.Unix.MovePages(_spare, second, size) != 0)
        {
            // The second range is empty now (zeros): its new bytes are copied instead.
            NativeMemory.Copy((void*)_spare, (void*)second, size);
        }
        return true;
    }
}
