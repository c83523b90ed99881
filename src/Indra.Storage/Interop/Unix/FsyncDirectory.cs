using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    /// <summary>
    /// <c>O_RDONLY | O_DIRECTORY</c> for this system: O_DIRECTORY is 0x10000 on Linux x86-64, 0x4000 on Linux arm64
    /// (where 0x10000 is O_DIRECT), 0x100000 on Darwin (the kernels' fcntl.h).
    /// </summary>
    private static int ReadOnlyDirectoryFlags =>
        OperatingSystem.IsMacOS() ? 0x100000
        : RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000
        : 0x10000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>
    /// fsync(2) of a directory, so that a rename or create inside it is durable (POSIX leaves directory entries to the
    /// directory's own fsync). No-op on Windows, where NTFS journals metadata.
    /// </summary>
    /// <exception cref="IOException">open or fsync failed.</exception>
    internal static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(path, ReadOnlyDirectoryFlags);
        if (fd < 0) throw new IOException($"cannot open directory {path}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            Close(fd);
        }
    }
}
