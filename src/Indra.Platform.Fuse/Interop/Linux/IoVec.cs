using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct iovec</c> (<c>sys/uio.h</c>): one piece of a gathered write; 16 bytes on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    /// <summary>Expected <c>sizeof(struct iovec)</c>.</summary>
    public const int Size = 16;

    /// <summary>Start of the piece.</summary>
    public void* Base;
    /// <summary>Length of the piece in bytes.</summary>
    public nuint Length;
}
