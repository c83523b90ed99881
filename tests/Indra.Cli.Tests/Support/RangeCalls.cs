using System.Runtime.InteropServices;

namespace Indra.Cli.Tests.Support;

/// <summary>The file-range system calls (fallocate, lseek SEEK_DATA/SEEK_HOLE, pwrite, copy_file_range), each returning
/// the result or -errno exactly as a program sees them.</summary>
internal static partial class RangeCalls
{
    public const int SeekData = 3, SeekHole = 4;
    public const int KeepSize = 0x01, PunchHole = 0x02, ZeroRange = 0x10;
    public const int EFBIG = 27, ENOSPC = 28, ENXIO = 6, EOPNOTSUPP = 95;

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int FallocateNative(int fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LseekNative(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static partial nint PwriteNative(int fd, ref byte data, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FtruncateNative(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRangeNative(int fdIn, nint offsetIn, int fdOut, nint offsetOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRangeAtNative(int fdIn, ref long offsetIn, int fdOut, ref long offsetOut, nuint length, uint flags);

    public static long Fallocate(int fd, int mode, long offset, long length) => Result(FallocateNative(fd, mode, offset, length));

    public static long Seek(int fd, long offset, int whence) => Result(LseekNative(fd, offset, whence));

    public static long Pwrite(int fd, ReadOnlySpan<byte> data, long offset) =>
        Result(PwriteNative(fd, ref MemoryMarshal.GetReference(data), (nuint)data.Length, offset));

    public static long Ftruncate(int fd, long length) => Result(FtruncateNative(fd, length));

    public static long Fsync(int fd) => Result(FsyncNative(fd));

    /// <summary>copy_file_range(2) at explicit offsets (the descriptors' own offsets stay): bytes copied or -errno.</summary>
    public static long CopyFileRangeAt(int fdIn, long offsetIn, int fdOut, long offsetOut, long length) =>
        Result(CopyFileRangeAtNative(fdIn, ref offsetIn, fdOut, ref offsetOut, (nuint)length, 0));

    /// <summary>copy_file_range(2) from the descriptors' own offsets: bytes copied or -errno.</summary>
    public static long CopyFileRange(int fdIn, int fdOut, long length) => Result(CopyFileRangeNative(fdIn, 0, fdOut, 0, (nuint)length, 0));

    /// <summary>Opens (creating with 0644) and returns the descriptor; fails the test on error.</summary>
    public static int OpenOrFail(string path, int flags)
    {
        Assert.That(Posix.Open(path, flags, 0x1A4, out var fd), Is.Zero, $"open {path}");
        return fd;
    }

    private static long Result(long value) => value < 0 ? -Marshal.GetLastPInvokeError() : value;
}
