using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Callbacks;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Hosting.Uring;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse;

/// <summary>
/// A live FUSE mount of one <see cref="IVaultFileSystem"/>: a libfuse 3.14 low-level session whose multi-threaded
/// loop (<c>fuse_session_loop_mt_312</c>, at most <see cref="MountOptions.MaxThreads"/> workers) runs on a dedicated
/// thread. The session is also the filesystem's <see cref="IInvalidationSink"/> while it lives.
/// </summary>
/// <remarks>
/// <para>Shutdown, whoever starts it (<see cref="Unmount"/>, <see cref="Dispose"/>, <c>umount</c>,
/// <c>fusermount3 -u</c>, a connection abort): the kernel ends the connection, the loop returns, then on the loop
/// thread the invalidation thread stops, <see cref="IVaultFileSystem.FlushAll"/> commits everything staged,
/// <c>fuse_session_unmount</c> and <c>fuse_session_destroy</c> release libfuse, and <see cref="Completion"/>
/// completes. FlushAll runs after the last request was answered, so nothing can be written after it.</para>
/// <para>The mount uses <c>auto_unmount</c>: fusermount3 stays alive beside the process and removes the mount if the
/// process dies without unmounting (it only ever unmounts a mount whose server is gone).</para>
/// <para>Do not call <see cref="Unmount"/> from inside a filesystem operation of this mount: the loop cannot end
/// while that operation runs, so the call would wait for its whole timeout.</para>
/// </remarks>
public sealed unsafe class FuseMountSession : IMountSession, IInvalidationSink
{
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InvalidationStopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RingStopTimeout = TimeSpan.FromSeconds(10);

    private readonly IVaultFileSystem fileSystem;
    private readonly FuseLog log;
    private readonly FuseMountContext context;
    private GCHandle<FuseMountContext> contextHandle;
    private readonly nint session;
    private readonly int maxThreads;
    private readonly InvalidationQueue invalidations;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly Thread loopThread;
    private bool detachRequested;
    private bool sinkRegistered;
    private bool tornDown;

    private FuseMountSession(IVaultFileSystem fileSystem, string mountPoint, FuseLog log, FuseMountContext context,
        GCHandle<FuseMountContext> contextHandle, nint session, int maxThreads)
    {
        this.fileSystem = fileSystem;
        MountPoint = mountPoint;
        this.log = log;
        this.context = context;
        this.contextHandle = contextHandle;
        this.session = session;
        this.maxThreads = maxThreads;
        invalidations = new InvalidationQueue(session, mountPoint, log, context.Debug);
        context.Invalidations = this;
        context.Session = session;
        loopThread = new Thread(RunLoop) { IsBackground = true, Name = $"indra-fuse-loop {mountPoint}" };
    }

    /// <summary>The absolute mount point.</summary>
    public string MountPoint { get; }

    /// <summary>
    /// Completes when the mount has ended and <see cref="IVaultFileSystem.FlushAll"/> has run; faults with the
    /// exception if FlushAll threw (staged data may not have been committed).
    /// </summary>
    public Task Completion => completion.Task;

    /// <summary>
    /// Detaches the mount (lazily: <c>umount2(MNT_DETACH)</c> as root, <c>fusermount3 -u -z</c> otherwise) and
    /// waits up to <paramref name="timeout"/> for the loop to end and the filesystem to be flushed. Idempotent and
    /// thread-safe; a later call waits again without detaching twice.
    /// </summary>
    /// <returns>True when the mount ended within <paramref name="timeout"/>; false while a process still has a file
    /// open on it (the mount is already invisible and ends when that file is closed).</returns>
    public bool Unmount(TimeSpan timeout)
    {
        bool detach;
        lock (gate)
        {
            detach = !detachRequested && !tornDown;
            detachRequested = true;
        }
        if (detach)
        {
            MountDetacher.Detach(MountPoint, log);
        }
        if (Thread.CurrentThread == loopThread)
        {
            return ended.Task.IsCompleted;
        }
        return ended.Task.Wait(timeout);
    }

    /// <summary>Unmounts, waiting up to 30 s; logs if the mount is still busy after that.</summary>
    public void Dispose()
    {
        if (!Unmount(DisposeTimeout))
        {
            log.Warn($"{MountPoint} is still in use after {DisposeTimeout.TotalSeconds} s; it finishes unmounting when its last open file is closed");
        }
    }

    /// <summary>The mount's io_uring (<see cref="MountOptions.IoUring"/>), or null when it serves <c>/dev/fuse</c> only.</summary>
    internal FuseRing? Ring => context.Ring;

    /// <summary>Invalidations sent to the kernel so far (tests wait on it instead of sleeping).</summary>
    internal long InvalidationsSent => invalidations.Sent;

    /// <summary>Queues <c>fuse_lowlevel_notify_inval_inode(ino, 0, 0)</c> (attributes and all cached data); never blocks.</summary>
    public void InvalidateInode(ulong inode) => invalidations.Enqueue(new Invalidation(inode, null));

    /// <summary>Queues <c>fuse_lowlevel_notify_inval_entry(parent, name)</c> (positive or negative dentry); never blocks.</summary>
    public void InvalidateEntry(ulong parent, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        invalidations.Enqueue(new Invalidation(parent, name));
    }

    /// <summary>Mounts and returns once the kernel's INIT has been answered.</summary>
    /// <exception cref="MountException">Any failure, as one line.</exception>
    internal static FuseMountSession Mount(IVaultFileSystem fileSystem, MountOptions options, FuseLog log)
    {
        if (options.MaxThreads < 1)
        {
            throw new MountException($"MaxThreads must be at least 1 (was {options.MaxThreads})");
        }
        string mountPoint = MountPointValidator.Validate(options.MountPoint);
        var context = new FuseMountContext(fileSystem, log, options.Debug, options.MaxThreads)
        {
            WritebackCache = options.WritebackCache,
            MaxRead = SplicedReplies.MaxRead(ConnectionNegotiation.MaxWrite),
        };
        var handle = new GCHandle<FuseMountContext>(context);
        nint session = 0;
        bool customIo;
        try
        {
            session = CreateSession(options, handle, mountPoint);
            MountSession(session, mountPoint);
            customIo = KillPrivV2.Install(session, log);
            if (customIo && options.IoUring)
            {
                context.Ring = RingFor(session, log);
                if (context.Ring is not null)
                {
                    context.Releases = new DeferredReleases(fileSystem, log, context.Debug, mountPoint);
                }
            }
        }
        catch
        {
            if (session != 0)
            {
                LibFuse.SessionDestroy(session);
            }
            handle.Dispose();
            context.Buffers.Dispose();
            context.Releases?.Close(TimeSpan.Zero);
            throw;
        }
        var mount = new FuseMountSession(fileSystem, mountPoint, log, context, handle, session, options.MaxThreads);
        mount.loopThread.Start();
        mount.WaitUntilServing();
        // The kernel sets the window while it processes the INIT reply: widen it only after that.
        if (customIo && !context.InitReplyWritten.Wait(InitTimeout))
        {
            log.Warn($"the INIT reply of {mountPoint} was not written within {InitTimeout.TotalSeconds} s");
        }
        ReadAheadWindow.Widen(mountPoint, ConnectionNegotiation.MaxWrite, log);
        if (options.Devices)
        {
            DeviceAccess.Allow(mountPoint, log);
        }
        return mount;
    }

    /// <summary>
    /// The io_uring of a mount that asked for one, or null (logged once) when this kernel cannot serve it: the kernel must
    /// offer it (<see cref="UringSupport.Check"/>) and the ring needs an entry for every possible CPU.
    /// </summary>
    private static FuseRing? RingFor(nint session, FuseLog log)
    {
        if (UringSupport.Check(enable: true) is { } why)
        {
            log.Info($"serving requests over /dev/fuse: {why}");
            return null;
        }
        int queues = UringSupport.PossibleCpus();
        if (queues > MaxRingQueues)
        {
            log.Info($"serving requests over /dev/fuse: {queues} possible CPUs, each needing its own io_uring entries (at most {MaxRingQueues})");
            return null;
        }
        return new FuseRing(session, LibFuse.SessionFd(session), queues, RingEntriesPerQueue(), log);
    }

    /// <summary>Most possible CPUs a ring is set up for: each queue costs threads and a payload buffer per entry.</summary>
    private const int MaxRingQueues = 64;

    /// <summary>Ring entries (each with its thread) per queue: 2, so that a slow request (a commit on release) does not
    /// hold up the next one from the same CPU; <c>INDRA_FUSE_RING_ENTRIES</c> (1-16) overrides it for measurements.</summary>
    private static int RingEntriesPerQueue() =>
        int.TryParse(Environment.GetEnvironmentVariable("INDRA_FUSE_RING_ENTRIES"), out int entries) && entries is >= 1 and <= 16 ? entries : 2;

    private static nint CreateSession(MountOptions options, GCHandle<FuseMountContext> handle, string mountPoint)
    {
        string[] arguments = MountArguments.Build(options, handle.Target.MaxRead);
        using var native = new NativeArguments(arguments);
        FuseLowLevelOps operations = FuseOperations.Create();
        nint session = LibFuse.SessionNew(native.Pointer, &operations, (nuint)sizeof(FuseLowLevelOps),
            GCHandle<FuseMountContext>.ToIntPtr(handle));
        if (session == 0)
        {
            throw new MountException($"cannot mount {mountPoint}: fuse_session_new rejected \"{string.Join(' ', arguments)}\" {LibfuseStandardError.Pointer}");
        }
        return session;
    }

    private static void MountSession(nint session, string mountPoint)
    {
        byte* path = Utf8Names.Allocate(mountPoint);
        try
        {
            if (LibFuse.SessionMount(session, path) != 0)
            {
                throw new MountException($"cannot mount {mountPoint}: fuse_session_mount failed {LibfuseStandardError.Pointer}");
            }
        }
        finally
        {
            NativeMemory.Free(path);
        }
    }

    private void WaitUntilServing()
    {
        int first = Task.WaitAny([context.Initialized, ended.Task], InitTimeout);
        if (first == 0 && TryRegisterSink())
        {
            return;
        }
        if (first == -1)
        {
            Unmount(TimeSpan.FromSeconds(10));
            throw new MountException($"cannot mount {MountPoint}: the kernel did not initialise the FUSE connection within {InitTimeout.TotalSeconds} s");
        }
        throw new MountException($"cannot mount {MountPoint}: the FUSE session ended while starting (see the log)");
    }

    /// <summary>Registers this session as the invalidation sink unless the mount already ended.</summary>
    /// <exception cref="MountException">The filesystem threw; the mount is taken down first.</exception>
    private bool TryRegisterSink()
    {
        try
        {
            lock (gate)
            {
                if (tornDown)
                {
                    return false;
                }
                fileSystem.SetInvalidationSink(this);
                sinkRegistered = true;
                return true;
            }
        }
        catch (Exception ex)
        {
            log.Unexpected("mount", ex, "unmounting");
            Unmount(TimeSpan.FromSeconds(10));
            throw new MountException($"cannot mount {MountPoint}: the filesystem refused the invalidation sink ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private void RunLoop()
    {
        int result = int.MinValue;
        try
        {
            nint config = LibFuse.LoopCfgCreate();
            if (config == 0)
            {
                throw new InvalidOperationException("fuse_loop_cfg_create returned NULL");
            }
            try
            {
                LibFuse.LoopCfgSetMaxThreads(config, (uint)maxThreads);
                LibFuse.LoopCfgSetCloneFd(config, 0);
                result = LibFuse.SessionLoopMt312(session, config);
            }
            finally
            {
                LibFuse.LoopCfgDestroy(config);
            }
            if (result != 0)
            {
                log.Warn($"fuse loop of {MountPoint} ended with {result}");
            }
        }
        catch (Exception ex)
        {
            log.Unexpected("loop", ex, "ending the session");
        }
        finally
        {
            TearDown();
        }
    }

    private void TearDown()
    {
        bool unregister;
        lock (gate)
        {
            tornDown = true;
            unregister = sinkRegistered;
        }
        Exception? failure = null;
        bool invalidationsStopped = invalidations.Close(InvalidationStopTimeout);
        try
        {
            // The ring's entries end with the connection; their last requests are answered, and the releases answered
            // before being done are done, before anything is flushed.
            context.Ring?.Stop(RingStopTimeout);
            if (context.Releases is { } releases && !releases.Close(RingStopTimeout))
            {
                log.Warn($"releases of {MountPoint} still running after {RingStopTimeout.TotalSeconds} s; flushing meanwhile");
            }
        }
        catch (Exception ex)
        {
            log.Unexpected("teardown", ex, "flushing anyway");
        }
        try
        {
            if (unregister)
            {
                fileSystem.SetInvalidationSink(null);
            }
            fileSystem.FlushAll();
        }
        catch (Exception ex)
        {
            log.Warn($"flushing the vault after unmounting {MountPoint} failed: {ex}");
            failure = ex;
        }
        try
        {
            if (invalidationsStopped)
            {
                LibFuse.SessionUnmount(session);
                LibFuse.SessionDestroy(session);
                contextHandle.Dispose();
            }
            else
            {
                log.Warn($"the invalidation thread of {MountPoint} did not stop; leaking the fuse_session instead of freeing it under that thread");
            }
            context.Buffers.Dispose();
        }
        catch (Exception ex)
        {
            log.Unexpected("teardown", ex, "completing anyway");
            failure ??= ex;
        }
        finally
        {
            // Completion before the end Unmount waits for, so that a caller whose Unmount returned true finds it done.
            if (failure is null)
            {
                completion.TrySetResult();
            }
            else
            {
                completion.TrySetException(failure);
            }
            ended.TrySetResult();
        }
    }
}
