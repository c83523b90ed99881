using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// The first 64 bytes of <c>struct io_uring_sqe</c> (linux/io_uring.h), as an <c>IORING_OP_URING_CMD</c> uses them;
/// with <c>IORING_SETUP_SQE128</c> each entry is 128 bytes and the command's own bytes run from <see cref="CommandOffset"/>
/// to the end (80 bytes).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct IoUringSqe
{
    /// <summary>Expected <c>sizeof(struct io_uring_sqe)</c> without the SQE128 extension.</summary>
    public const int Size = 64;

    /// <summary>Size of one entry of a ring set up with <see cref="IoUringParams.SetupSqe128"/>.</summary>
    public const int Size128 = 128;

    /// <summary>Offset of <c>cmd[]</c>, the command's bytes (after <c>addr3</c>'s union).</summary>
    public const int CommandOffset = 48;

    /// <summary><c>IORING_OP_URING_CMD</c>: a command for the file's driver, here <c>/dev/fuse</c>.</summary>
    public const byte OpUringCmd = 46;

    /// <summary><c>IORING_OP_*</c>.</summary>
    [FieldOffset(0)] public byte Opcode;
    /// <summary><c>IOSQE_*</c>.</summary>
    [FieldOffset(1)] public byte Flags;
    /// <summary>I/O priority.</summary>
    [FieldOffset(2)] public ushort IoPriority;
    /// <summary>The file the operation is on.</summary>
    [FieldOffset(4)] public int Fd;
    /// <summary><c>cmd_op</c> (union with <c>off</c>): which driver command.</summary>
    [FieldOffset(8)] public uint CommandOp;
    /// <summary><c>addr</c>: for FUSE's REGISTER, the iovec array.</summary>
    [FieldOffset(16)] public ulong Address;
    /// <summary><c>len</c>: for FUSE's REGISTER, the iovec count.</summary>
    [FieldOffset(24)] public uint Length;
    /// <summary><c>uring_cmd_flags</c>.</summary>
    [FieldOffset(28)] public uint CommandFlags;
    /// <summary>Passed back unchanged in the completion.</summary>
    [FieldOffset(32)] public ulong UserData;
}
