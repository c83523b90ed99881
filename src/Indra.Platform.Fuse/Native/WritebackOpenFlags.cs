using Indra.FileSystem;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// The open flags a handle gets under the kernel's writeback cache (<see cref="MountOptions.WritebackCache"/>). The
/// kernel then fills partial pages by reading before it writes them back, through whichever handle of the inode is
/// open for writing, so a write-only handle must also read; and it computes O_APPEND offsets itself from its cached
/// size and sends page writes at those offsets, so the handle must write where it is told (libfuse's
/// <c>fuse_common.h</c> on <c>FUSE_CAP_WRITEBACK_CACHE</c>). The kernel also keeps the modification and change times
/// (sent as a setattr when it writes the inode back, which may reach the daemon before the page writes), so the
/// handle is marked <see cref="OpenFlags.KernelWriteback"/> and its writes leave the times alone. Permission was checked by the kernel
/// (<c>default_permissions</c>) against the flags the caller gave.
/// </summary>
internal static class WritebackOpenFlags
{
    /// <summary>The flags the filesystem is given for an open or create with <paramref name="flags"/>.</summary>
    /// <param name="flags">The caller's <c>open(2)</c> flags as the kernel sent them.</param>
    /// <param name="writebackCache">True when the mount negotiated the writeback cache; false returns the flags as they are.</param>
    public static int Of(int flags, bool writebackCache)
    {
        if (!writebackCache)
        {
            return flags;
        }
        if ((flags & OpenFlags.AccessModeMask) == OpenFlags.WriteOnly)
        {
            flags = (flags & ~OpenFlags.AccessModeMask) | OpenFlags.ReadWrite;
        }
        return (flags & ~OpenFlags.Append) | OpenFlags.KernelWriteback;
    }

    /// <summary>
    /// True when a read of <paramref name="inode"/> now would move its access time (the relatime rule the filesystem
    /// applies on read: access time not later than the modification or change time, or more than a day old). Under
    /// the writeback cache the pages a file was written through stay cached and up to date, so an open that kept
    /// them would let the first read bypass the filesystem and the access time would not move as on a local disk;
    /// a read-only open drops them instead, once. (An open for writing keeps them: the kernel's own reads of partial
    /// pages through it would otherwise move the access time where a local disk's does not.)
    /// </summary>
    public static bool ReadMovesAccessTime(IVaultFileSystem fileSystem, ulong inode)
    {
        if (fileSystem.GetAttributes(inode, out NodeAttributes attributes) != Errno.None)
        {
            return false;
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        return attributes.AccessTimeNs <= attributes.ModifyTimeNs || attributes.AccessTimeNs <= attributes.ChangeTimeNs
            || now - attributes.AccessTimeNs >= RelatimeWindowNs;
    }

    /// <summary>relatime's day, in nanoseconds (mount(8)).</summary>
    private const long RelatimeWindowNs = 24L * 3600 * 1_000_000_000;
}
