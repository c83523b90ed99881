using Indra.Engine.Interop;

namespace Indra.FileSystem;

/// <summary>The process that made a request (FUSE <c>fuse_req_ctx</c>): its uid, gid, pid and umask.</summary>
/// <param name="Uid">Effective user id of the caller.</param>
/// <param name="Gid">Effective group id of the caller.</param>
/// <param name="Pid">Process id of the caller (0 when unknown).</param>
/// <param name="Umask">The caller's umask, already applied by the kernel to modes it passes on; informational.</param>
public readonly record struct CallerContext(uint Uid, uint Gid, int Pid, uint Umask = 0)
{
    /// <summary>The mounting process itself (used by the ProjFS host and by internal write-back).</summary>
    public static CallerContext Self => new(CurrentUser.Uid, CurrentUser.Gid, Environment.ProcessId);

    /// <summary>
    /// The host's answer to "is process <c>pid</c> a member of supplementary group <c>gid</c>" (the FUSE host reads
    /// <c>/proc/PID/status</c>); asked only when a rule needs it. Null: only <see cref="Gid"/> counts.
    /// </summary>
    public Func<int, uint, bool>? SupplementaryGroups { get; init; }

    /// <summary>True when <paramref name="gid"/> is the caller's effective group or one of its supplementary groups.</summary>
    public bool InGroup(uint gid) => gid == Gid || (SupplementaryGroups?.Invoke(Pid, gid) ?? false);
}
