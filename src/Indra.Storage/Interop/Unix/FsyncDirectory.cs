using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    private const int ReadOnlyDirectoryFlags = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)

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
