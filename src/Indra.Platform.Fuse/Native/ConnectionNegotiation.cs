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
    public static void Apply(FuseConnInfo* connection)
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

        // Writeback caching and splicing stay off (libfuse's defaults): the first would let the kernel own mtime and
        // O_APPEND, the second needs write_buf.
        connection->Want &= ~(FuseCapabilities.WritebackCache | FuseCapabilities.SpliceRead);

        // A want bit the kernel does not offer makes libfuse answer INIT with EPROTO and end the session.
        connection->Want &= connection->Capable;
    }
}
