using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>O_CLOEXEC</c> (fcntl.h; its value on x64 and arm64, asserted by the layout tests): close the descriptor across exec.</summary>
    internal const int OpenCloseOnExec = 0x80000;

    /// <summary><c>int open(const char *path, int flags)</c> (open(2)) without O_CREAT: a descriptor, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true)]
    internal static partial int Open(byte* path, int flags);
}
