using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>int close(int fd)</c> (close(2)): 0, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
