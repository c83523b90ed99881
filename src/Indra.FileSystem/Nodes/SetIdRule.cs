using Indra.Storage.Metadata;

namespace Indra.FileSystem.Nodes;

/// <summary>
/// Clears set-user-ID and set-group-ID bits where Linux does (<c>setattr_should_drop_suidgid</c>, chown(2)): on a
/// write, truncate or fallocate by an unprivileged process and on a change of owner or group. The FUSE host asks the
/// kernel to leave this to the filesystem (<c>FUSE_HANDLE_KILLPRIV_V2</c>, <c>fuse_kernel.h</c>: "fs kills
/// suid/sgid/cap on write/chown/trunc"), so it happens here, on the loaded record under the inode table's gate, the
/// lock every chmod takes: a concurrent chmod is never undone.
/// </summary>
/// <remarks>"Unprivileged" is read as uid ≠ 0: the kernel's test is CAP_FSETID, which a request does not carry.
/// Directories keep their bits (set-group-ID on a directory is inheritance, not privilege).</remarks>
internal static class SetIdRule
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
    /// Applies the writer's rule to <paramref name="record"/> in place for a content change by <paramref name="writer"/>
    /// (null: the daemon itself, which keeps the bits). Caller holds the inode table's gate.
    /// </summary>
    /// <returns>True when a bit was cleared.</returns>
    public static bool ClearForWriter(NodeRecord record, CallerContext? writer)
    {
        if (writer is not { } caller || caller.Uid == 0 || !HasSetIdBits(record)) return false;
        var cleared = AfterWrite(record.Mode, caller.InGroup(record.Gid));
        if (cleared == record.Mode) return false;
        record.Mode = cleared;
        return true;
    }

    /// <summary>True when <paramref name="record"/> is not a directory and carries a set-ID bit.</summary>
    public static bool HasSetIdBits(NodeRecord record) =>
        record.Kind != EntryKind.Directory && (record.Mode & (SetUserId | SetGroupId)) != 0;
}
