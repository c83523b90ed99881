using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// The host's side of the INIT handshake (<c>init</c> callback). libfuse has already filled <c>want</c> with its
/// defaults for this ops table (async read, parallel dirops, auto inval data, atomic O_TRUNC, readdirplus and
/// readdirplus-auto since both readdir ops are set, ...); the host changes only what it has a reason to.
/// </summary>
internal static unsafe class ConnectionNegotiation
{
    /// <summary>Largest write request the host accepts, in bytes (1 MiB, libfuse 3.14's own ceiling).</summary>
    public const uint MaxWrite = 1 << 20;

    /// <summary>Adjusts <paramref name="connection"/> in place; never asks for a bit outside <c>capable</c>.</summary>
    /// <param name="connection">libfuse's <c>fuse_conn_info</c>, filled with its defaults.</param>
    /// <param name="writebackCache">Ask for the kernel's writeback cache (<see cref="Indra.FileSystem.MountOptions.WritebackCache"/>).</param>
    /// <param name="ring">Requests will come over io_uring (<see cref="Hosting.Uring.FuseRing"/>), whose replies are copied
    /// into ring entries: splicing replies to the device would bypass them.</param>
    public static void Apply(FuseConnInfo* connection, bool writebackCache, bool ring = false)
    {
        // Set-ID clearing is owned by the host through HANDLE_KILLPRIV_V2, which libfuse cannot ask for and
        // KillPrivV2 adds to the INIT reply; version 1 stays off so a kernel without V2 keeps clearing the bits itself.
        connection->Want &= ~FuseCapabilities.HandleKillPriv;

        // A symlink's target never changes for a live inode, and inval_inode drops the cached page if it must.
        if ((connection->Capable & FuseCapabilities.CacheSymlinks) != 0)
        {
            connection->Want |= FuseCapabilities.CacheSymlinks;
        }

        // libfuse already clamps max_write to its 1 MiB request buffer; the read buffers are sized the same way.
        if (connection->MaxWrite > MaxWrite)
        {
            connection->MaxWrite = MaxWrite;
        }

        // Replies may be spliced: a read answered from a block file (fuse_reply_data with an fd-backed buffer) moves the
        // file's pages to the device through a pipe instead of pread plus writev (fuse_lowlevel.h, fuse_reply_data).
        // Replies from memory are written as before. Requests are never spliced in (SPLICE_READ needs write_buf).
        if ((connection->Capable & FuseCapabilities.SpliceWrite) != 0 && !ring)
        {
            connection->Want |= FuseCapabilities.SpliceWrite;
        }

        // Writeback caching only when the mount asks for it: the kernel then
        // merges write(2)s into page-sized writes sent before flush/release, owns a regular file's size, mtime and
        // ctime while the inode is cached (FUSE_WRITEBACK_CACHE in fuse_kernel.h; fuse_get_cache_mask), computes
        // O_APPEND offsets itself and may read pages through a write-only handle (WritebackOpenFlags).
        connection->Want &= ~FuseCapabilities.SpliceRead;
        if (ring)
        {
            connection->Want &= ~FuseCapabilities.SpliceWrite;
        }

        if (writebackCache)
        {
            connection->Want |= FuseCapabilities.WritebackCache;
        }
        else
        {
            connection->Want &= ~FuseCapabilities.WritebackCache;
        }

        // A want bit the kernel does not offer makes libfuse answer INIT with EPROTO and end the session.
        connection->Want &= connection->Capable;
    }
}
