using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct io_sqring_offsets</c> (linux/io_uring.h): where the submission ring's fields lie in its mapping,
/// in bytes from its start; 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoSqringOffsets
{
    /// <summary>Expected <c>sizeof(struct io_sqring_offsets)</c>.</summary>
    public const int Size = 40;

    /// <summary>Offset of the head index (u32; advanced by the kernel as it consumes entries).</summary>
    public uint Head;
    /// <summary>Offset of the tail index (u32; advanced by the application as it adds entries).</summary>
    public uint Tail;
    /// <summary>Offset of the index mask (u32, entries − 1).</summary>
    public uint RingMask;
    /// <summary>Offset of the entry count (u32).</summary>
    public uint RingEntries;
    /// <summary>Offset of the ring's flags (u32).</summary>
    public uint Flags;
    /// <summary>Offset of the count of dropped entries (u32).</summary>
    public uint Dropped;
    /// <summary>Offset of the index array (u32 per slot: which SQE the slot submits).</summary>
    public uint Array;
    /// <summary>Reserved.</summary>
    public uint Reserved;
    /// <summary>Used with <c>IORING_SETUP_NO_MMAP</c> only.</summary>
    public ulong UserAddress;
}
