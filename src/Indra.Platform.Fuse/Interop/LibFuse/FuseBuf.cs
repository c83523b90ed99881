using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct fuse_buf</c> (<c>fuse_common.h</c>): memory or fd-backed data; 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseBuf
{
    /// <summary>Expected <c>sizeof(struct fuse_buf)</c>.</summary>
    public const int Size = 40;

    /// <summary><c>FUSE_BUF_IS_FD</c>: <see cref="Fd"/> is valid instead of <see cref="Mem"/>.</summary>
    public const int IsFd = 1 << 1;
    /// <summary><c>FUSE_BUF_FD_SEEK</c>: read at <see cref="Pos"/>.</summary>
    public const int FdSeek = 1 << 2;
    /// <summary><c>FUSE_BUF_FD_RETRY</c>: retry short reads or writes.</summary>
    public const int FdRetry = 1 << 3;

    /// <summary>Size of the data in bytes.</summary>
    public nuint BufSize;
    /// <summary><c>enum fuse_buf_flags</c>.</summary>
    public int Flags;
    /// <summary>Memory pointer, unless <see cref="IsFd"/>.</summary>
    public void* Mem;
    /// <summary>File descriptor, if <see cref="IsFd"/>.</summary>
    public int Fd;
    /// <summary>File position, if <see cref="FdSeek"/>.</summary>
    public long Pos;
}
