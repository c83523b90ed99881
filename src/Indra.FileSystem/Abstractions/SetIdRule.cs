namespace Indra.FileSystem;

/// <summary>
/// Which set-user-ID and set-group-ID bits a change clears, where Linux clears them (<c>setattr_should_drop_suidgid</c>,
/// chown(2)): on a write, truncate or fallocate by an unprivileged process and on a change of owner or group. Every
/// <see cref="IVaultFileSystem"/> applies it itself, under the lock that guards the mode, since the FUSE host asks the
/// kernel to leave this to the filesystem (<c>FUSE_HANDLE_KILLPRIV_V2</c>, <c>fuse_kernel.h</c>: "fs kills
/// suid/sgid/cap on write/chown/trunc").
/// </summary>
/// <remarks>"Unprivileged" is read as uid ≠ 0: the kernel's test is CAP_FSETID, which a request does not carry.
/// Directories keep their bits (set-group-ID on a directory is inheritance, not privilege). Modes may carry the file
/// type bits; only S_ISUID and S_ISGID ever change.</remarks>
public static class SetIdRule
{
    private const uint SetUserId = 0x800;    // S_ISUID, 04000
    private const uint SetGroupId = 0x400;   // S_ISGID, 02000
    private const uint GroupExecute = 0x8;   // S_IXGRP, 00010

    /// <summary>
    /// <paramref name="mode"/> after a change of owner (chown(2)): without S_ISUID, and without S_ISGID when
    /// group-execute is set (without it the bit marks mandatory locking, which Linux leaves alone).
    /// </summary>
    public static uint AfterOwnerChange(uint mode)
    {
        mode &= ~SetUserId;
        if ((mode & GroupExecute) != 0) mode &= ~SetGroupId;
        return mode;
    }

    /// <summary>
    /// <paramref name="mode"/> as a write or truncate by an unprivileged caller leaves it (<c>setattr_should_drop_sgid</c>,
    /// Linux 6.x): S_ISUID goes; S_ISGID goes when group-execute is set or when the caller is not in the file's group.
    /// </summary>
    public static uint AfterWrite(uint mode, bool callerInGroup)
    {
        mode &= ~SetUserId;
        if ((mode & GroupExecute) != 0 || !callerInGroup) mode &= ~SetGroupId;
        return mode;
    }

    /// <summary>
    /// The mode of a file (group <paramref name="fileGid"/>) after its content was changed by <paramref name="writer"/>
    /// (write, truncate, fallocate, copy_file_range); null stands for the daemon itself, which keeps the bits.
    /// </summary>
    public static uint AfterContentChange(uint mode, uint fileGid, bool isDirectory, CallerContext? writer)
    {
        if (writer is not { } caller || caller.Uid == 0 || !HasSetIdBits(mode, isDirectory)) return mode;
        return AfterWrite(mode, caller.InGroup(fileGid));
    }

    /// <summary>
    /// The mode after a setattr with <paramref name="fields"/> that does not set the mode itself: a change of owner or
    /// group follows chown(2); a truncate the kernel marked (<see cref="SetAttributeFields.KillSetUserId"/>,
    /// <see cref="SetAttributeFields.KillSetGroupId"/>) the writer's rule for <paramref name="caller"/>.
    /// </summary>
    public static uint AfterSetAttributes(uint mode, uint fileGid, bool isDirectory, SetAttributeFields fields, CallerContext caller)
    {
        if ((fields & SetAttributeFields.Mode) != 0 || !HasSetIdBits(mode, isDirectory)) return mode;
        if ((fields & (SetAttributeFields.Uid | SetAttributeFields.Gid)) != 0) return AfterOwnerChange(mode);
        if ((fields & (SetAttributeFields.KillSetUserId | SetAttributeFields.KillSetGroupId)) != 0) return AfterWrite(mode, caller.InGroup(fileGid));
        return mode;
    }

    private static bool HasSetIdBits(uint mode, bool isDirectory) => !isDirectory && (mode & (SetUserId | SetGroupId)) != 0;
}
