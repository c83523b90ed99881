using Indra.FileSystem;

namespace Indra.Control.Service;

/// <summary>
/// The process at the other end of the control request being served: the daemon's endpoint reads its uid, gid and pid
/// from the kernel when the connection is made (SO_PEERCRED), keeps them with the connection, and sets them here for
/// each request, so the layers around the vault filesystem (the audit trail above all) name the caller, not the
/// daemon. Null outside a daemon's request (in process: the caller is this process, <see cref="CallerContext.Self"/>).
/// </summary>
internal static class ControlCaller
{
    /// <summary>The key of the caller in the connection's items (Kestrel <c>ConnectionContext.Items</c>).</summary>
    internal const string ConnectionKey = "indra.control.caller";

    private static readonly AsyncLocal<CallerContext?> Request = new();

    /// <summary>The caller of the control request this flow serves, or null.</summary>
    internal static CallerContext? Current
    {
        get => Request.Value;
        set => Request.Value = value;
    }

    /// <summary>
    /// Makes <paramref name="caller"/> this thread's <see cref="RequestCaller.Current"/> until disposed (then the previous
    /// one again), for the filesystem operations that carry no caller (unlink, rmdir, rename), as the FUSE host does for
    /// the request it serves. Use it around synchronous work only: the value belongs to the thread.
    /// </summary>
    internal static Scope Enter(CallerContext caller)
    {
        var previous = RequestCaller.Current;
        RequestCaller.Current = caller;
        return new Scope(previous);
    }

    /// <summary>Restores the thread's previous request caller.</summary>
    internal readonly struct Scope(CallerContext? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => RequestCaller.Current = previous;
    }
}
