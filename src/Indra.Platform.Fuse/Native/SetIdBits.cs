using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Clears set-user-ID and set-group-ID bits where Linux does (<c>setattr_should_drop_suidgid</c>, chown(2)): on a
/// write or truncate by an unprivileged process and on a change of owner or group. Under
/// <c>FUSE_HANDLE_KILLPRIV_V2</c> (<see cref="KillPrivV2"/>) this is the filesystem's job, not the kernel's
/// (<c>fuse_kernel.h</c>: "fs kills suid/sgid/cap on write/chown/trunc").
/// </summary>
/// <remarks>"Unprivileged" is read as uid ≠ 0: the kernel's test is CAP_FSETID, which the request does not carry.
/// Directories keep their bits (set-group-ID on a directory is inheritance, not privilege).</remarks>
internal static class SetIdBits
{
    /// <summary><c>FUSE_SET_ATTR_KILL_SUID</c> (= <c>FATTR_KILL_SUIDGID</c>): the kernel asks for both bits to go.</summary>
    public const int KillSuid = 1 << 11;

    /// <summary><c>FUSE_SET_ATTR_KILL_SGID</c>.</summary>
    public const int KillSgid = 1 << 12;

    private const uint SetUserId = 0x800;    // S_ISUID, 04000
    private const uint SetGroupId = 0x400;   // S_ISGID, 02000
    private const uint GroupExecute = 0x8;   // S_IXGRP, 00010

    /// <summary>
    /// <paramref name="mode"/> without S_ISUID, and without S_ISGID when group-execute is set (without it the bit
    /// marks mandatory locking, which Linux leaves alone).
    /// </summary>
    public static uint Cleared(uint mode)
    {
        mode &= ~SetUserId;
        if ((mode & GroupExecute) != 0)
        {
            mode &= ~SetGroupId;
        }
        return mode;
    }

    /// <summary>
    /// <paramref name="mode"/> as a write or truncate by an unprivileged caller leaves it (<c>setattr_should_drop_sgid</c>,
    /// Linux 6.x): S_ISUID goes; S_ISGID goes when group-execute is set or when the caller is not in the file's group.
    /// </summary>
    public static uint ClearedByWriter(uint mode, bool callerInGroup)
    {
        mode &= ~SetUserId;
        if ((mode & GroupExecute) != 0 || !callerInGroup)
        {
            mode &= ~SetGroupId;
        }
        return mode;
    }

    /// <summary>
    /// Adds the cleared mode to a setattr when the kernel asked for it (<see cref="KillSuid"/>, <see cref="KillSgid"/>:
    /// an unprivileged truncate) or the owner or group changes, unless the request sets the mode itself.
    /// </summary>
    public static void AddTo(IVaultFileSystem fileSystem, ulong inode, int toSet, CallerContext caller, ref SetAttributesRequest change)
    {
        bool owner = (change.Fields & (SetAttributeFields.Uid | SetAttributeFields.Gid)) != 0;
        bool killed = (toSet & (KillSuid | KillSgid)) != 0;
        if ((!owner && !killed) || (change.Fields & SetAttributeFields.Mode) != 0)
        {
            return;
        }
        // A change of owner follows chown(2) (S_ISGID only with group-execute); a truncate the kernel marked follows
        // the writer's rule.
        if (ClearedMode(fileSystem, inode, owner ? (mode, _) => Cleared(mode) : (mode, gid) => ClearedByWriter(mode, CallerGroups.Contains(caller, gid))) is uint cleared)
        {
            change.Fields |= SetAttributeFields.Mode;
            change.Mode = cleared;
        }
    }

    /// <summary>
    /// After a write, or an open with O_TRUNC, by <paramref name="caller"/>: clears the bits unless the caller is root,
    /// then tells the kernel to drop the mode it cached (neither reply carries attributes).
    /// </summary>
    public static void AfterWrite(FuseMountContext context, ulong inode, CallerContext caller)
    {
        if (caller.Uid == 0 || ClearedMode(context.FileSystem, inode, (mode, gid) => ClearedByWriter(mode, CallerGroups.Contains(caller, gid))) is not uint cleared)
        {
            return;
        }
        var change = new SetAttributesRequest { Fields = SetAttributeFields.Mode, Mode = cleared };
        if (context.FileSystem.SetAttributes(inode, change, null, caller, out _) != Errno.None)
        {
            return;
        }
        // The kernel must forget the old mode before the caller's next stat: the write or open reply carries no
        // attributes, and a stat asking only for the mode would be answered from the cache. Attributes only (offset
        // -1), sent before the reply; fuse_lowlevel.h names neither write nor open among the operations during which
        // this notification could deadlock.
        if (context.Session == 0 || LibFuse.NotifyInvalInode(context.Session, inode, -1, 0) is not (0 or -2))
        {
            context.Invalidations?.InvalidateInode(inode);
        }
    }

    /// <summary>The permission bits with the set-ID bits cleared, or null when nothing would change.</summary>
    private static uint? ClearedMode(IVaultFileSystem fileSystem, ulong inode, Func<uint, uint, uint> rule)
    {
        if (fileSystem.GetAttributes(inode, out NodeAttributes attributes) != Errno.None || attributes.Kind == NodeKind.Directory)
        {
            return null;
        }
        uint permissions = attributes.Mode & FileModes.PermissionMask;
        // Most files carry neither bit: answer before the rule, which may read the caller's groups from /proc.
        if ((permissions & (SetUserId | SetGroupId)) == 0)
        {
            return null;
        }
        uint cleared = rule(permissions, attributes.Gid);
        return cleared == permissions ? null : cleared;
    }
}
