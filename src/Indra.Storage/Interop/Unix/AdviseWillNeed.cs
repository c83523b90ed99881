using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    /// <summary><c>POSIX_FADV_WILLNEED</c> on Linux (<c>fcntl.h</c>).</summary>
    private const int AdviceWillNeed = 3;

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(SafeFileHandle fd, long offset, long length, int advice);

    /// <summary>
    /// posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED): the kernel starts reading the whole file into the page cache and
    /// returns without waiting. Advice only: failures are ignored; no-op on Windows.
    /// </summary>
    internal static void AdviseWillNeed(SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows()) return;
        _ = PosixFadvise(handle, 0, 0, AdviceWillNeed);
    }
}
