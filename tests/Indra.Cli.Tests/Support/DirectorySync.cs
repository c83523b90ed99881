using System.Runtime.InteropServices;

namespace Indra.Cli.Tests.Support;

/// <summary>fsync(2) of a directory, as careful writers do after creating a file in it.</summary>
internal static partial class DirectorySync
{
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <exception cref="IOException">open or fsync failed (errno in the message).</exception>
    public static void Sync(string directory)
    {
        var fd = Open(directory, 0x10000);
        if (fd < 0) throw new IOException($"open {directory}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync {directory}: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            Close(fd);
        }
    }
}
