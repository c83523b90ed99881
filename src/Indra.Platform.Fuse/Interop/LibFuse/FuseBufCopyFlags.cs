namespace Indra.Platform.Fuse.Interop;

/// <summary><c>enum fuse_buf_copy_flags</c> for <c>fuse_reply_data</c>.</summary>
internal static class FuseBufCopyFlags
{
    /// <summary><c>FUSE_BUF_NO_SPLICE</c>: never splice.</summary>
    public const int NoSplice = 1 << 1;
    /// <summary><c>FUSE_BUF_FORCE_SPLICE</c>.</summary>
    public const int ForceSplice = 1 << 2;
    /// <summary><c>FUSE_BUF_SPLICE_MOVE</c>.</summary>
    public const int SpliceMove = 1 << 3;
    /// <summary><c>FUSE_BUF_SPLICE_NONBLOCK</c>.</summary>
    public const int SpliceNonblock = 1 << 4;
}
