using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    /// <summary><c>MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP</c> (linux/mman.h: 1, 2, 4).</summary>
    private const int RemapMoveFixedKeepSource = 1 | 2 | 4;

    /// <summary>The <c>MAP_FAILED</c> result, <c>(void*)-1</c>.</summary>
    private static readonly nint MapFailed = -1;

    [LibraryImport("libc", EntryPoint = "mremap", SetLastError = true)]
    private static partial nint Mremap(nint oldAddress, nuint oldSize, nuint newSize, int flags, nint newAddress);

    /// <summary>
    /// <c>mremap(source, length, length, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, target)</c> (Linux 5.7+ for
    /// private anonymous memory, mremap(2)): the pages backing <paramref name="source"/> are moved, not copied, to
    /// <paramref name="target"/>, whose old pages are unmapped; <paramref name="source"/> stays mapped and reads as
    /// zeros until written again. Both addresses page-aligned, <paramref name="length"/> a multiple of the page size,
    /// the ranges apart and private anonymous memory.
    /// </summary>
    /// <returns>0, or the errno (EINVAL where the kernel or the memory does not allow it).</returns>
    internal static int MovePages(nint source, nint target, nuint length)
    {
        if (!OperatingSystem.IsLinux()) return 38; // ENOSYS
        return Mremap(source, length, length, RemapMoveFixedKeepSource, target) == MapFailed ? Marshal.GetLastPInvokeError() : 0;
    }
}
