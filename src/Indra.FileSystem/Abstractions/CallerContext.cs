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
}
