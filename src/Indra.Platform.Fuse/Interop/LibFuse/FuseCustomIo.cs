using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_custom_io</c> (<c>fuse_lowlevel.h</c>, libfuse 3.12+): the functions a session reads requests and
/// writes replies with instead of read(2)/writev(2) on its descriptor; 32 bytes. Each receives the session's
/// <c>userdata</c> as its last argument. A null splice function means "never splice" that way (libfuse 3.14 then
/// leaves <c>FUSE_CAP_SPLICE_READ</c> or <c>FUSE_CAP_SPLICE_WRITE</c> out of <c>capable</c>).
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
    /// <summary><c>splice_receive</c>; zero here (requests are read with <see cref="Read"/>).</summary>
    public nint SpliceReceive;
    /// <summary><c>ssize_t (*splice_send)(int fdin, off_t *offin, int fdout, off_t *offout, size_t len, unsigned int flags,
    /// void *userdata)</c>: moves a reply from libfuse's pipe to the device; libc's <c>splice</c> (<see cref="Libc.SpliceAddress"/>).</summary>
    public nint SpliceSend;
}
