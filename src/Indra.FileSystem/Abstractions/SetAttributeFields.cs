namespace Indra.FileSystem;

/// <summary>
/// Which fields a <see cref="SetAttributesRequest"/> changes. The values are libfuse's <c>FUSE_SET_ATTR_*</c>
/// constants (fuse_lowlevel.h), so the FUSE host passes <c>to_set</c> through unchanged.
/// </summary>
[Flags]
public enum SetAttributeFields
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Permission bits (chmod).</summary>
    Mode = 1 << 0,
    /// <summary>Owner (chown).</summary>
    Uid = 1 << 1,
    /// <summary>Group (chown).</summary>
    Gid = 1 << 2,
    /// <summary>Size (truncate).</summary>
    Size = 1 << 3,
    /// <summary>Access time from <see cref="SetAttributesRequest.AccessTimeNs"/>.</summary>
    AccessTime = 1 << 4,
    /// <summary>Modification time from <see cref="SetAttributesRequest.ModifyTimeNs"/>.</summary>
    ModifyTime = 1 << 5,
    /// <summary>Access time set to now (UTIME_NOW).</summary>
    AccessTimeNow = 1 << 7,
    /// <summary>Modification time set to now (UTIME_NOW).</summary>
    ModifyTimeNow = 1 << 8,
    /// <summary>Change time (sent by the kernel with some requests).</summary>
    ChangeTime = 1 << 10,
    /// <summary>The kernel asks for set-user-ID and set-group-ID to be cleared (<c>FUSE_SET_ATTR_KILL_SUID</c>: a
    /// truncate by an unprivileged process); the writer's rule applies unless the request sets the mode itself.</summary>
    KillSetUserId = 1 << 11,
    /// <summary>The kernel asks for set-group-ID to be cleared (<c>FUSE_SET_ATTR_KILL_SGID</c>); handled like
    /// <see cref="KillSetUserId"/>.</summary>
    KillSetGroupId = 1 << 12,
}
