using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct fuse_bufvec</c> with its one inline <c>buf[1]</c> element: 64 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseBufVec
{
    /// <summary>Expected <c>sizeof(struct fuse_bufvec)</c>.</summary>
    public const int Size = 64;

    /// <summary>Number of buffers in the vector.</summary>
    public nuint Count;
    /// <summary>Index of the current buffer.</summary>
    public nuint Idx;
    /// <summary>Offset within the current buffer.</summary>
    public nuint Off;
    /// <summary>The first buffer.</summary>
    public FuseBuf Buf;
}
