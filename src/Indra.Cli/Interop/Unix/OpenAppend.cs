using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Indra.Cli.Interop;

internal static partial class Unix
{
    /// <summary>
    /// <c>int open(const char *path, int flags, ...)</c> (POSIX open(2)). Called without <c>O_CREAT</c> only, so the
    /// variadic mode argument is never read (variadic arguments are passed differently on Apple arm64).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    /// <summary>
    /// Opens the existing file <paramref name="path"/> for writing with <c>O_APPEND</c> (and <c>O_CLOEXEC</c>), so that
    /// every write(2) lands at the file's end at the moment of the write, atomically with respect to other appenders
    /// (POSIX write(2): "the file offset shall be set to the end of the file prior to each write"). .NET's
    /// <see cref="FileMode.Append"/> only seeks to the end once, at open (dotnet/runtime issue 53432).
    /// </summary>
    /// <exception cref="IOException">open(2) failed; the message names the errno.</exception>
    internal static SafeFileHandle OpenAppend(string path)
    {
        // Flag values: Linux asm-generic/fcntl.h; Darwin sys/fcntl.h.
        var flags = OperatingSystem.IsMacOS()
            ? 0x0001 | 0x0008 | 0x0100_0000 // O_WRONLY | O_APPEND | O_CLOEXEC
            : 0x0001 | 0x0400 | 0x0008_0000; // O_WRONLY | O_APPEND | O_CLOEXEC
        var fd = Open(path, flags);
        if (fd < 0) throw new IOException($"cannot open {path} for appending (errno {Marshal.GetLastPInvokeError()})");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
