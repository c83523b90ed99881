using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_uring_cmd_req</c> (include/uapi/linux/fuse.h, protocol 7.42+; Linux 6.14 and later): the bytes of an
/// <c>IORING_OP_URING_CMD</c> on <c>/dev/fuse</c>, at <see cref="IoUringSqe.CommandOffset"/> of the entry; 24 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseUringCmdReq
{
    /// <summary>Expected <c>sizeof(struct fuse_uring_cmd_req)</c>.</summary>
    public const int Size = 24;

    /// <summary><c>FUSE_IO_URING_CMD_REGISTER</c> (<c>cmd_op</c>): hand the kernel a ring entry (header and payload
    /// buffers) of queue <see cref="QueueId"/>; completes when a request has been placed in it.</summary>
    public const uint Register = 1;

    /// <summary><c>FUSE_IO_URING_CMD_COMMIT_AND_FETCH</c>: the entry holds the reply to request
    /// <see cref="CommitId"/>; completes when the next request has been placed in it.</summary>
    public const uint CommitAndFetch = 2;

    /// <summary>Zero.</summary>
    public ulong Flags;
    /// <summary>The request being answered (<c>fuse_uring_ent_in_out.commit_id</c> of the request).</summary>
    public ulong CommitId;
    /// <summary>The queue (a possible CPU's number) the entry belongs to.</summary>
    public ushort QueueId;
    /// <summary>Zero.</summary>
    public ushort Padding1;
    /// <summary>Zero.</summary>
    public uint Padding2;
}
