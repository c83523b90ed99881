using Indra.FileSystem;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>Copies an <see cref="OpenResult"/> into the <c>fuse_file_info</c> that <c>fuse_reply_open</c>/<c>_create</c> read.</summary>
internal static unsafe class OpenReplies
{
    /// <summary>
    /// Sets fh, direct_io and keep_cache, and noflush (<c>FOPEN_NOFLUSH</c>): the vault commits a file's writes at
    /// release (or fsync), so close(2) need not wait for a FLUSH round trip that would do nothing; the kernel still
    /// writes back dirty mmap pages at munmap and fsync. The other bits are left as libfuse passed them.
    /// </summary>
    public static void Apply(FuseFileInfo* fileInfo, in OpenResult open)
    {
        fileInfo->Fh = open.Handle;
        uint bits = (fileInfo->Bits & ~(FuseFileInfo.DirectIo | FuseFileInfo.KeepCache)) | FuseFileInfo.NoFlush;
        if (open.DirectIo)
        {
            bits |= FuseFileInfo.DirectIo;
        }
        if (open.KeepCache)
        {
            bits |= FuseFileInfo.KeepCache;
        }
        fileInfo->Bits = bits;
    }
}
