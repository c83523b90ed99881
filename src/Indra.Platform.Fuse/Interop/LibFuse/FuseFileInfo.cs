using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_file_info</c> of libfuse 3.14.0 (<c>fuse_common.h</c>): 40 bytes. The eight 1-bit fields share the
/// 32-bit word at offset 4 (<see cref="Bits"/>); their masks are the constants below. libfuse 3.14.1–3.16 inserted
/// <c>parallel_direct_writes</c> after keep_cache, shifting the higher bits, which is one reason the host accepts
/// only <c>fuse_version() == 314</c>; the bits the host sets (direct_io, keep_cache) are identical in 3.14.x.
/// </summary>
/// <remarks>libfuse passes a pointer to its own stack copy: it is dead once the callback returns.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseFileInfo
{
    /// <summary>Expected <c>sizeof(struct fuse_file_info)</c>.</summary>
    public const int Size = 40;

    /// <summary><c>writepage</c>: the write was caused by a page write-back.</summary>
    public const uint WritePage = 0x1;
    /// <summary><c>direct_io</c>: bypass the page cache for this open.</summary>
    public const uint DirectIo = 0x2;
    /// <summary><c>keep_cache</c>: keep the cached pages of the inode on open.</summary>
    public const uint KeepCache = 0x4;
    /// <summary><c>flush</c>: set on release when the file should be flushed.</summary>
    public const uint Flush = 0x8;
    /// <summary><c>nonseekable</c>: the file is not seekable.</summary>
    public const uint NonSeekable = 0x10;
    /// <summary><c>flock_release</c>: release the flock lock on release.</summary>
    public const uint FlockRelease = 0x20;
    /// <summary><c>cache_readdir</c>: the kernel may cache directory listings (opendir).</summary>
    public const uint CacheReaddir = 0x40;
    /// <summary><c>noflush</c>: do not send flush on close.</summary>
    public const uint NoFlush = 0x80;

    /// <summary>open(2) flags.</summary>
    public int Flags;
    /// <summary>The bit-field word (see the mask constants).</summary>
    public uint Bits;
    /// <summary><c>unsigned padding2 : 32</c>.</summary>
    public uint Padding2;
    private readonly uint padding3;
    /// <summary>File handle chosen by the filesystem in open/create/opendir.</summary>
    public ulong Fh;
    /// <summary>Lock owner id (flush, release, locks).</summary>
    public ulong LockOwner;
    /// <summary>Requested poll events.</summary>
    public uint PollEvents;
    private readonly uint padding4;
}
