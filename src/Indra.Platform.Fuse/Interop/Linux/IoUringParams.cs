using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary><c>struct io_uring_params</c> (linux/io_uring.h): what <c>io_uring_setup(2)</c> is asked for and answers;
/// 120 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoUringParams
{
    /// <summary>Expected <c>sizeof(struct io_uring_params)</c>.</summary>
    public const int Size = 120;

    /// <summary><c>IORING_SETUP_CQSIZE</c>: <see cref="CqEntries"/> sizes the completion ring.</summary>
    public const uint SetupCqSize = 1u << 3;
    /// <summary><c>IORING_SETUP_SUBMIT_ALL</c>: keep submitting a batch past a failed entry.</summary>
    public const uint SetupSubmitAll = 1u << 7;
    /// <summary><c>IORING_SETUP_SQE128</c>: 128-byte submission entries (required by <c>IORING_OP_URING_CMD</c> on
    /// FUSE, whose command does not fit the 16 bytes a 64-byte entry leaves).</summary>
    public const uint SetupSqe128 = 1u << 10;
    /// <summary><c>IORING_FEAT_SINGLE_MMAP</c>: one mapping serves both rings.</summary>
    public const uint FeatureSingleMmap = 1u << 0;

    /// <summary>Submission ring entries (answered, a power of two).</summary>
    public uint SqEntries;
    /// <summary>Completion ring entries (asked with <see cref="SetupCqSize"/>, answered).</summary>
    public uint CqEntries;
    /// <summary><c>IORING_SETUP_*</c>.</summary>
    public uint Flags;
    /// <summary>For <c>IORING_SETUP_SQ_AFF</c>.</summary>
    public uint SqThreadCpu;
    /// <summary>For <c>IORING_SETUP_SQPOLL</c>.</summary>
    public uint SqThreadIdle;
    /// <summary><c>IORING_FEAT_*</c> (answered).</summary>
    public uint Features;
    /// <summary>For <c>IORING_SETUP_ATTACH_WQ</c>.</summary>
    public uint WqFd;
    /// <summary>Reserved, zero.</summary>
    public fixed uint Reserved[3];
    /// <summary>The submission ring's layout (answered).</summary>
    public IoSqringOffsets SqOffsets;
    /// <summary>The completion ring's layout (answered).</summary>
    public IoCqringOffsets CqOffsets;
}
