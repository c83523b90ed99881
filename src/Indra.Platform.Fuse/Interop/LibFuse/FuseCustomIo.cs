using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_custom_io</c> (<c>fuse_lowlevel.h</c>, libfuse 3.12+): the functions a session reads requests and
/// writes replies with instead of read(2)/writev(2) on its descriptor; 32 bytes. Each receives the session's
/// <c>userdata</c> as its last argument. Null splice functions mean "never splice".
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseCustomIo
{
    /// <summary>Expected <c>sizeof(struct fuse_custom_io)</c>.</summary>
    public const int Size = 32;

    /// <summary><c>ssize_t (*writev)(int fd, struct iovec *iov, int count, void *userdata)</c>: -1 with errno set on failure.</summary>
    public delegate* unmanaged[Cdecl]<int, IoVec*, int, nint, nint> Writev;
    /// <summary><c>ssize_t (*read)(int fd, void *buf, size_t buf_len, void *userdata)</c>: -1 with errno set on failure.</summary>
    public nint Read;
    /// <summary><c>splice_receive</c>; zero here.</summary>
    public nint SpliceReceive;
    /// <summary><c>splice_send</c>; zero here.</summary>
    public nint SpliceSend;
}
