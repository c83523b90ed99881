using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct io_uring_cqe</c> (linux/io_uring.h) of a ring without <c>IORING_SETUP_CQE32</c>; 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoUringCqe
{
    /// <summary>Expected <c>sizeof(struct io_uring_cqe)</c>.</summary>
    public const int Size = 16;

    /// <summary>The submission's <see cref="IoUringSqe.UserData"/>.</summary>
    public ulong UserData;
    /// <summary>The result: ≥ 0 on success, a negated errno on failure.</summary>
    public int Result;
    /// <summary><c>IORING_CQE_F_*</c>.</summary>
    public uint Flags;
}
