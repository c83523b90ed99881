using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary><c>int munmap(void *addr, size_t length)</c> (munmap(2)): 0, or -1 with errno set.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(nint address, nuint length);
}
