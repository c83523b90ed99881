using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct io_cqring_offsets</c> (linux/io_uring.h): where the completion ring's fields lie in its mapping,
/// in bytes from its start; 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoCqringOffsets
{
    /// <summary>Expected <c>sizeof(struct io_cqring_offsets)</c>.</summary>
    public const int Size = 40;

    /// <summary>Offset of the head index (u32; advanced by the application as it reaps completions).</summary>
    public uint Head;
    /// <summary>Offset of the tail index (u32; advanced by the kernel as it posts completions).</summary>
    public uint Tail;
    /// <summary>Offset of the index mask (u32, entries − 1).</summary>
    public uint RingMask;
    /// <summary>Offset of the entry count (u32).</summary>
    public uint RingEntries;
    /// <summary>Offset of the overflow count (u32).</summary>
    public uint Overflow;
    /// <summary>Offset of the completion array (<see cref="IoUringCqe"/> each).</summary>
    public uint Cqes;
    /// <summary>Offset of the ring's flags (u32).</summary>
    public uint Flags;
    /// <summary>Reserved.</summary>
    public uint Reserved;
    /// <summary>Used with <c>IORING_SETUP_NO_MMAP</c> only.</summary>
    public ulong UserAddress;
}
