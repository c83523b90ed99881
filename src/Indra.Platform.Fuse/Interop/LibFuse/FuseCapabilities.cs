namespace Indra.Platform.Fuse.Interop;

/// <summary>The <c>FUSE_CAP_*</c> bits of <see cref="FuseConnInfo.Capable"/>/<see cref="FuseConnInfo.Want"/> the host uses (<c>fuse_common.h</c>).</summary>
internal static class FuseCapabilities
{
    /// <summary><c>FUSE_CAP_ATOMIC_O_TRUNC</c>: O_TRUNC is passed to open instead of a separate setattr.</summary>
    public const uint AtomicOTrunc = 1 << 3;
    /// <summary><c>FUSE_CAP_SPLICE_WRITE</c>: libfuse may splice a reply's fd-backed data to the device (<c>fuse_reply_data</c>).</summary>
    public const uint SpliceWrite = 1 << 7;
    /// <summary><c>FUSE_CAP_SPLICE_READ</c>.</summary>
    public const uint SpliceRead = 1 << 9;
    /// <summary><c>FUSE_CAP_READDIRPLUS</c>.</summary>
    public const uint ReaddirPlus = 1 << 13;
    /// <summary><c>FUSE_CAP_READDIRPLUS_AUTO</c>.</summary>
    public const uint ReaddirPlusAuto = 1 << 14;
    /// <summary><c>FUSE_CAP_WRITEBACK_CACHE</c>.</summary>
    public const uint WritebackCache = 1 << 16;
    /// <summary><c>FUSE_CAP_HANDLE_KILLPRIV</c>: the filesystem, not the kernel, clears setuid/setgid on write and chown.</summary>
    public const uint HandleKillPriv = 1 << 20;
    /// <summary><c>FUSE_CAP_CACHE_SYMLINKS</c>: the kernel caches readlink results in the page cache.</summary>
    public const uint CacheSymlinks = 1 << 23;
}
