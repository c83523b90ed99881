using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct fuse_ctx</c>: the requesting process, from <c>fuse_req_ctx</c>; 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseCtx
{
    /// <summary>Expected <c>sizeof(struct fuse_ctx)</c>.</summary>
    public const int Size = 16;

    public uint Uid;
    public uint Gid;
    /// <summary>Thread id of the caller.</summary>
    public int Pid;
    public uint Umask;
}
