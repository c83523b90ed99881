using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Per-mount state the static callbacks reach through libfuse's <c>userdata</c> (a GCHandle): the filesystem, the
/// log, the reply buffers and the init handshake. Several mounts can live in one process.
/// </summary>
internal sealed class FuseMountContext
{
    private readonly TaskCompletionSource<NegotiatedConnection> initialized =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the context of one mount.</summary>
    public FuseMountContext(IVaultFileSystem fileSystem, FuseLog log, bool debug, int maxThreads)
    {
        FileSystem = fileSystem;
        Log = log;
        Debug = debug && log.TracesRequests;
        Buffers = new NativeBufferPool(maxThreads + 2);
    }

    /// <summary>
    /// 0 until the session has written its first message (the INIT reply), then 1; <see cref="KillPrivV2"/> amends
    /// only that message.
    /// </summary>
    internal int FirstReplyWritten;

    /// <summary>
    /// Where the callbacks announce attribute changes the kernel cannot know from their replies (set-ID bits cleared
    /// by a write); set by the session once it exists.
    /// </summary>
    public IInvalidationSink? Invalidations { get; set; }

    /// <summary>The <c>fuse_session</c> (0 until the session exists), for the few notifications that must reach the
    /// kernel before a reply (see <see cref="Native.SetIdBits.AfterContentChange"/>).</summary>
    public nint Session { get; set; }

    /// <summary>The filesystem every request is translated into.</summary>
    public IVaultFileSystem FileSystem { get; }

    /// <summary>The mount's log.</summary>
    public FuseLog Log { get; }

    /// <summary>Log every request: <see cref="MountOptions.Debug"/> is set and the request category is enabled at Debug
    /// level (fixed for the mount's life, so a request pays one field read when the trace is off).</summary>
    public bool Debug { get; }

    /// <summary>Ask for the kernel's writeback cache at INIT (<see cref="MountOptions.WritebackCache"/>); the open and
    /// write callbacks then follow its rules (<see cref="Native.WritebackOpenFlags"/>).</summary>
    public bool WritebackCache { get; init; }

    /// <summary>
    /// Read replies of this many bytes and more are sent from a block file when the filesystem offers one
    /// (<see cref="IVaultFileSystem.ReadAsFileRange"/>); 0 (the value until INIT, and when the kernel cannot splice)
    /// means never. Set by the <c>init</c> callback from <see cref="SplicedReplies"/>.
    /// </summary>
    public int SpliceMinimum { get; set; }

    /// <summary>Largest read reply sent from a block file, in bytes (<see cref="SplicedReplies.Largest"/>).</summary>
    public int SpliceMaximum { get; set; }

    /// <summary>The <c>max_read</c> mount option in bytes, 0 for none; the <c>init</c> callback repeats it in
    /// <c>fuse_conn_info.max_read</c>, as libfuse requires.</summary>
    public int MaxRead { get; init; }

    /// <summary>FUSE over io_uring for this mount (<see cref="MountOptions.IoUring"/>), or null for <c>/dev/fuse</c>
    /// only; set once the session exists, before the kernel's INIT is read.</summary>
    public Uring.FuseRing? Ring { get; set; }

    /// <summary>Where RELEASE requests are done after their answer (with <see cref="Ring"/>), or null: done before it.</summary>
    public Uring.DeferredReleases? Releases { get; set; }

    /// <summary>Reply buffers.</summary>
    public NativeBufferPool Buffers { get; }

    /// <summary>Memory for a reply of at most <paramref name="size"/> bytes: on a ring entry's thread, that entry's own
    /// payload buffer (the reply is then committed without a copy; <see cref="Uring.FuseRingWorker.TryReplySpace"/>),
    /// else a buffer of <see cref="Buffers"/>.</summary>
    public NativeBuffer ReplyBuffer(nuint size) =>
        Uring.FuseRingWorker.TryReplySpace(size, out var space) ? space : Buffers.Rent(size);

    /// <summary>Completes when the kernel's INIT has been answered by the <c>init</c> callback.</summary>
    public Task<NegotiatedConnection> Initialized => initialized.Task;

    /// <summary>Completes once the INIT reply has been written and processed by the kernel (only known, and only
    /// completed, when the session writes through <see cref="KillPrivV2"/>): the kernel sets the mount's read-ahead
    /// window while processing it, so widening the window must come after.</summary>
    public Task InitReplyWritten => initReplyWritten.Task;

    private readonly TaskCompletionSource initReplyWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records that the INIT reply was written.</summary>
    public void OnInitReplyWritten() => initReplyWritten.TrySetResult();

    /// <summary>Records the negotiated connection.</summary>
    public void OnInitialized(in NegotiatedConnection connection) => initialized.TrySetResult(connection);

    /// <summary>The context of the session that received <paramref name="request"/>.</summary>
    /// <remarks>Also records the request's caller for the policy layers (<see cref="RequestCaller"/>), and its start for
    /// <see cref="FuseRequestMetrics"/> under the callback's name (<paramref name="operation"/>, filled by the compiler).</remarks>
    public static FuseMountContext FromRequest(nint request, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        FuseRequestMetrics.Begin(operation);
        RequestCaller.Current = Caller(request);
        return FromUserData(LibFuse.ReqUserdata(request));
    }

    /// <summary>The context behind a <c>userdata</c> pointer made by <see cref="GCHandle{T}.ToIntPtr"/>.</summary>
    public static FuseMountContext FromUserData(nint userData) =>
        GCHandle<FuseMountContext>.FromIntPtr(userData).Target;

    /// <summary>The calling process of <paramref name="request"/> (<c>fuse_req_ctx</c>).</summary>
    public static unsafe CallerContext Caller(nint request)
    {
        FuseCtx* context = LibFuse.ReqCtx(request);
        return new CallerContext(context->Uid, context->Gid, context->Pid, context->Umask) { SupplementaryGroups = CallerGroups.Lookup };
    }
}
