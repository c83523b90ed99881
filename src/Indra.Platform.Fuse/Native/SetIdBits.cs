using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Keeps the kernel's cached mode right when a content change clears set-ID bits. Under
/// <c>FUSE_HANDLE_KILLPRIV_V2</c> (<see cref="KillPrivV2"/>) clearing them is the filesystem's job (<c>fuse_kernel.h</c>:
/// "fs kills suid/sgid/cap on write/chown/trunc"); the filesystem layer does it under the inode's lock
/// (<see cref="VaultFileSystem"/>, its set-ID rule), and a setattr's reply carries the new mode. A write, an open with
/// O_TRUNC, fallocate and copy_file_range reply without attributes, so the host tells the kernel to forget the mode.
/// </summary>
internal static class SetIdBits
{
    private const uint SetIdMask = 0xC00;    // S_ISUID | S_ISGID

    /// <summary>A caller for <see cref="MayClear"/> when the writer is unknown (a write sent by the kernel's writeback):
    /// not root, so every file carrying a set-ID bit counts.</summary>
    public static CallerContext AnyWriter { get; } = new(uint.MaxValue, uint.MaxValue, 0);

    /// <summary>
    /// True when a content change of <paramref name="inode"/> by <paramref name="caller"/> may clear set-ID bits: the
    /// caller is not root and the file carries a bit now. Asked before the change; the answer only decides whether the
    /// kernel is told to re-read the attributes afterwards, so a concurrent chmod costs at most one extra re-read.
    /// </summary>
    public static bool MayClear(IVaultFileSystem fileSystem, ulong inode, CallerContext caller) =>
        caller.Uid != 0
        && fileSystem.GetAttributes(inode, out NodeAttributes attributes) == Errno.None
        && attributes.Kind != NodeKind.Directory
        && (attributes.Mode & SetIdMask) != 0;

    /// <summary>
    /// After a content change that <see cref="MayClear"/> flagged: the kernel must forget the old mode before the
    /// caller's next stat, since the reply carries no attributes and a stat asking only for the mode would be answered
    /// from the cache. Attributes only (offset -1), sent before the reply; fuse_lowlevel.h names neither write nor open
    /// among the operations during which this notification could deadlock.
    /// </summary>
    public static void AfterContentChange(FuseMountContext context, ulong inode)
    {
        if (context.Session == 0 || LibFuse.NotifyInvalInode(context.Session, inode, -1, 0) is not (0 or -2))
        {
            context.Invalidations?.InvalidateInode(inode);
        }
    }
}
