using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>ssize_t writev(int fd, const struct iovec *iov, int iovcnt)</c>: bytes written, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "writev", SetLastError = true)]
    internal static partial nint Writev(int fd, IoVec* iov, int count);
}
