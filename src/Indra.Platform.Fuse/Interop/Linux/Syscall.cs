using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

internal static unsafe partial class Libc
{
    /// <summary>
    /// C <c>long syscall(long number, ...)</c> (syscall(2)) with six integer arguments, for system calls glibc 2.36 has
    /// no wrapper for (io_uring). All arguments are integers or pointers, passed in registers on x86-64 and AArch64, so
    /// the variadic call is made as a fixed one. Returns the result, or -1 with errno set.
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    internal static partial nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);
}
