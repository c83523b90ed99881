using System.Runtime.InteropServices;

namespace Indra.Storage.Interop;

internal static partial class Unix
{
    private const int WriteOnly = 0x1;        // O_WRONLY
    private const int CreateFlag = 0x40;      // O_CREAT
    private const int Exclusive = 0x80;       // O_EXCL
    private const int Truncate = 0x200;       // O_TRUNC
    private const int CloseOnExec = 0x80000;  // O_CLOEXEC
    private const int OwnerReadWrite = 0x180; // 0600
    private const int Interrupted = 4;        // EINTR
    private const int InvalidArgument = 22;   // EINVAL

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenCreate(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static unsafe partial nint Pwrite(int fd, byte* buffer, nuint count, long offset);

    /// <summary>
    /// <c>O_DIRECT</c> for this process's architecture on Linux (x86-64 0x4000, arm64 0x10000), or 0 where Indra does
    /// not use direct I/O (other systems and architectures).
    /// </summary>
    private static int DirectFlag =>
        !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x4000,
            Architecture.Arm64 => 0x10000,
            _ => 0,
        };

    /// <summary>True when <see cref="WriteNewDirect"/> can be tried on this system.</summary>
    internal static bool DirectWriteAvailable => DirectFlag != 0;

    /// <summary>
    /// Creates <paramref name="path"/> (0600, must not exist) with <c>O_DIRECT</c> and writes <paramref name="length"/>
    /// bytes from <paramref name="buffer"/> at offset 0, bypassing the page cache (open(2), pwrite(2)); with
    /// <paramref name="durable"/> the file is fsynced before it is closed. The buffer's address and the length must be
    /// multiples of the file system's direct-I/O alignment (4,096 bytes always is). With <paramref name="existing"/> the
    /// file must exist instead and is emptied first (<c>O_TRUNC</c>): a kept block file is reused without allocating an
    /// inode (<see cref="Blocks.KeptBlockFiles"/>).
    /// </summary>
    /// <returns>False when the file system refuses direct I/O (EINVAL from open or the first write): nothing is
    /// left behind and the caller writes the file through the page cache instead.</returns>
    /// <exception cref="FileNotFoundException">With <paramref name="existing"/>: the file is gone (ENOENT).</exception>
    /// <exception cref="IOException">Any other failure; <see cref="Exception.HResult"/> is the errno (28: ENOSPC). The
    /// file may be left behind.</exception>
    internal static unsafe bool WriteNewDirect(string path, byte* buffer, int length, bool durable, bool existing = false)
    {
        var create = existing ? Truncate : CreateFlag | Exclusive;
        var fd = OpenCreate(path, WriteOnly | create | CloseOnExec | DirectFlag, OwnerReadWrite);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == InvalidArgument) return false;
            if (existing && errno == NoSuchFile) throw new FileNotFoundException($"{path} is gone", path);
            throw new IOException($"cannot create {path}: errno {errno}", errno);
        }
        try
        {
            long done = 0;
            while (done < length)
            {
                var n = Pwrite(fd, buffer + done, (nuint)(length - done), done);
                if (n >= 0)
                {
                    done += n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Interrupted) continue;
                if (errno == InvalidArgument && done == 0)
                {
                    Close(fd);
                    fd = -1;
                    File.Delete(path);
                    return false;
                }
                throw new IOException($"write to {path} failed: errno {errno}", errno);
            }
            if (durable && Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fsync of {path} failed: errno {errno}", errno);
            }
            return true;
        }
        finally
        {
            if (fd >= 0) Close(fd);
        }
    }
}
