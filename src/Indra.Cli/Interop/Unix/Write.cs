using System.Runtime.InteropServices;

namespace Indra.Cli.Interop;

internal static partial class Unix
{
    /// <summary><c>ssize_t write(int fd, const void *buf, size_t count)</c> (POSIX write(2)): bytes written, or -1.</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(SafeHandle fd, ReadOnlySpan<byte> buffer, nuint count);
}
