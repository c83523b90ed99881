using System.Runtime.InteropServices;

namespace Indra.Cli.Tests.Support;

/// <summary>libc calls that return errno exactly, so tests can assert the error a program would see.</summary>
internal static partial class Posix
{
    public const int ENOENT = 2, EIO = 5, EACCES = 13, EEXIST = 17, EXDEV = 18, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EROFS = 30, ENAMETOOLONG = 36, ENOTEMPTY = 39, ENODATA = 61, EPERM = 1, E2BIG = 7, ENOSPC = 28, ERANGE = 34;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNative(int fd, ReadOnlySpan<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PreadNative(int fd, Span<byte> buffer, nuint count, long offset);

    /// <summary>O_DIRECT: x86-64 and most architectures 0x4000, arm64 0x10000 (asm-generic and arm64 fcntl.h).</summary>
    public static int O_DIRECT => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x10000 : 0x4000;

    /// <summary>pread(2) into <paramref name="buffer"/>: 0 with the bytes read in <paramref name="read"/>, else errno.</summary>
    public static int Pread(int fd, Span<byte> buffer, long offset, out int read)
    {
        var n = PreadNative(fd, buffer, (nuint)buffer.Length, offset);
        read = n < 0 ? 0 : (int)n;
        return n < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkdirNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "rmdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RmdirNative(string path);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UnlinkNative(string path);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2Native(int olddirfd, string from, int newdirfd, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "symlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SymlinkNative(string target, string path);

    [LibraryImport("libc", EntryPoint = "truncate", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int TruncateNative(string path, long length);

    [LibraryImport("libc", EntryPoint = "setxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetXattrNative(string path, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "opendir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint OpenDirNative(string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial nint ReadDirNative(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDirNative(nint directory);
    [LibraryImport("libc", EntryPoint = "getxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint GetXattrNative(string path, string name, Span<byte> value, nuint size);

    [LibraryImport("libc", EntryPoint = "listxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint ListXattrNative(string path, Span<byte> list, nuint size);

    [LibraryImport("libc", EntryPoint = "removexattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RemoveXattrNative(string path, string name);

    private const int AtFdCwd = -100;

    /// <summary>
    /// Every entry of <paramref name="path"/> but "." and ".." with the <c>d_type</c> readdir(3) gave it (DT_FIFO 1,
    /// DT_CHR 2, DT_DIR 4, DT_BLK 6, DT_REG 8, DT_LNK 10, DT_SOCK 12). glibc's 64-bit <c>struct dirent</c>: d_ino and
    /// d_off (8 bytes each), d_reclen (2), d_type at offset 18, d_name at 19.
    /// </summary>
    public static SortedDictionary<string, byte> DirectoryTypes(string path)
    {
        var directory = OpenDirNative(path);
        if (directory == 0) throw new IOException($"opendir {path}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            var types = new SortedDictionary<string, byte>(StringComparer.Ordinal);
            for (var entry = ReadDirNative(directory); entry != 0; entry = ReadDirNative(directory))
            {
                var name = Marshal.PtrToStringUTF8(entry + 19)!;
                if (name is not ("." or "..")) types[name] = Marshal.ReadByte(entry, 18);
            }
            return types;
        }
        finally
        {
            CloseDirNative(directory);
        }
    }

    /// <summary>0 on success, else errno.</summary>
    public static int Open(string path, int flags, uint mode, out int fd)
    {
        fd = OpenNative(path, flags, mode);
        return fd < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    public static int Write(int fd, ReadOnlySpan<byte> data) => WriteNative(fd, data, (nuint)data.Length) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public static int Mkdir(string path, uint mode = 0x1ED) => Check(MkdirNative(path, mode));

    public static int Rmdir(string path) => Check(RmdirNative(path));

    public static int Unlink(string path) => Check(UnlinkNative(path));

    public static int Rename(string from, string to) => Check(RenameNative(from, to));

    /// <summary>renameat2 with RENAME_NOREPLACE (1) or other flags.</summary>
    public static int Rename2(string from, string to, uint flags) => Check(RenameAt2Native(AtFdCwd, from, AtFdCwd, to, flags));

    public static int Link(string from, string to) => Check(LinkNative(from, to));

    public static int Symlink(string target, string path) => Check(SymlinkNative(target, path));

    public static int Truncate(string path, long length) => Check(TruncateNative(path, length));

    public static int SetXattr(string path, string name, byte[] value) => Check(SetXattrNative(path, name, value, (nuint)value.Length, 0));

    /// <summary>getxattr into a buffer of <paramref name="size"/> bytes (0: a size probe); 0 or errno, and the length.</summary>
    public static int GetXattr(string path, string name, int size, out byte[] value)
    {
        var buffer = new byte[size];
        var length = GetXattrNative(path, name, buffer, (nuint)size);
        value = length < 0 ? [] : size == 0 ? new byte[length] : buffer[..(int)length];
        return length < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>listxattr into a buffer of <paramref name="size"/> bytes (0: a size probe); 0 or errno, and the byte count.</summary>
    public static int ListXattr(string path, int size, out int length)
    {
        var buffer = new byte[size];
        var result = ListXattrNative(path, buffer, (nuint)size);
        length = (int)Math.Max(result, 0);
        return result < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    public static int RemoveXattr(string path, string name) => Check(RemoveXattrNative(path, name));

    /// <summary>Creates (O_CREAT|O_WRONLY) and closes; 0 or errno.</summary>
    public static int Touch(string path)
    {
        var error = Open(path, O_CREAT | O_WRONLY, 0x1A4, out var fd);
        if (error == 0) Close(fd);
        return error;
    }

    private static int Check(int result) => result < 0 ? Marshal.GetLastPInvokeError() : 0;
}
