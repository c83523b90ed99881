using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>ssize_t readv(int fd, const struct iovec *iov, int iovcnt)</c> (readv(2)): bytes read, filling the
    /// pieces in order, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "readv", SetLastError = true)]
    internal static partial nint Readv(int fd, IoVec* iov, int count);
}
