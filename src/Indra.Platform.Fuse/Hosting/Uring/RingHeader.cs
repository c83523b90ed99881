namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// <c>struct fuse_uring_req_header</c> (include/uapi/linux/fuse.h, protocol 7.42+), the header buffer of a ring entry,
/// 288 bytes: the kernel writes a request's <c>fuse_in_header</c> at <see cref="InOut"/>, its first argument (the
/// operation's fixed header, e.g. <c>fuse_write_in</c>) at <see cref="OperationIn"/>, and the rest of its arguments
/// to the entry's payload buffer; the daemon writes its <c>fuse_out_header</c> at <see cref="InOut"/> and the reply's
/// arguments to the payload buffer.
/// </summary>
internal static class RingHeader
{
    /// <summary><c>in_out[128]</c>: the in header of a request, the out header of its reply.</summary>
    public const int InOut = 0;

    /// <summary><c>op_in[128]</c>: the request's first argument; empty (size 0) for operations whose first argument is
    /// a name (LOOKUP, UNLINK, ...), which then comes in the payload.</summary>
    public const int OperationIn = 128;

    /// <summary>Most bytes <see cref="OperationIn"/> holds.</summary>
    public const int OperationInCapacity = 128;

    /// <summary><c>ring_ent_in_out.commit_id</c> (u64): the request's id, repeated in its commit.</summary>
    public const int CommitId = 256 + 8;

    /// <summary><c>ring_ent_in_out.payload_sz</c> (u32): bytes of the request's arguments in the payload buffer; on a
    /// reply, bytes of the reply's arguments there.</summary>
    public const int PayloadSize = 256 + 16;

    /// <summary><c>sizeof(struct fuse_uring_req_header)</c>.</summary>
    public const int Size = 288;

    /// <summary><c>sizeof(struct fuse_in_header)</c>.</summary>
    public const int InHeaderSize = 40;

    /// <summary><c>sizeof(struct fuse_out_header)</c>.</summary>
    public const int OutHeaderSize = 16;

    /// <summary>Offset of <c>unique</c> (u64) in both <c>fuse_in_header</c> and <c>fuse_out_header</c>.</summary>
    public const int UniqueOffset = 8;
}
