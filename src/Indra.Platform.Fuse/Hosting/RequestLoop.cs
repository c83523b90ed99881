using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The request loop of one FUSE session: up to <c>maxWorkers</c> threads that read requests from the device
/// (<c>fuse_session_receive_buf</c>) and hand each to libfuse's dispatcher (<c>fuse_session_process_buf</c>), which
/// calls the callback on the same thread. It replaces libfuse's multi-threaded loop, whose idle workers all wait in
/// read(2) and are woken by the kernel in FIFO order, so that a client making one request after another was served
/// by a different, cold thread each time (docs/performance-small-files.md, "Metadata operations").
/// </summary>
/// <remarks>
/// <para>Here one worker reads at a time while requests are quick: a worker that has answered a request reads the
/// next itself unless another worker is already reading, in which case it parks (last parked, first woken). More
/// workers read only when a request may take long: before it processes a data request (read, write, release, fsync,
/// flush, fallocate, copy_file_range) a worker wakes a parked one (or starts one, up to the limit) if nobody else is
/// reading; and a watchdog thread, ticking every millisecond while requests arrive, wakes one more whenever a whole
/// tick passed with every worker inside a request and no request read, so that a slow metadata request (a lock held
/// by a commit, a fetch from a peer) stalls the others for about a millisecond at most.</para>
/// <para>The loop ends when the device reports the end of the session (unmount or abort: every blocked read returns)
/// or a read fails; then parked workers are released and <see cref="Run"/> waits for the others.</para>
/// </remarks>
internal sealed unsafe class RequestLoop
{
    /// <summary>Stack reserved for each worker, in bytes: the 8 MiB a libfuse worker gets from the default thread attributes.</summary>
    private const int WorkerStackBytes = 8 << 20;

    /// <summary>Watchdog ticks without any request before it sleeps until the next request (about 100 ms).</summary>
    private const int QuietTicksBeforeSleep = 100;

    /// <summary>-EINTR (Linux): the read was interrupted by a signal and is simply repeated.</summary>
    private const int Interrupted = -4;

    private readonly nint session;
    private readonly int maxWorkers;
    private readonly FuseLog log;
    private readonly object gate = new();
    private readonly Stack<SemaphoreSlim> parked = new();
    private readonly List<Thread> started = [];
    private readonly SemaphoreSlim watchdogWake = new(0);
    private int workers;
    private int reading;
    private long received;
    private int watchdogAsleep;
    private bool stopping;
    private int error;

    /// <summary>Creates the loop of <paramref name="fuseSession"/> with at most <paramref name="maxWorkers"/> workers.</summary>
    public RequestLoop(nint fuseSession, int maxWorkers, FuseLog log)
    {
        session = fuseSession;
        this.maxWorkers = Math.Max(1, maxWorkers);
        this.log = log;
    }

    /// <summary>
    /// Serves requests on the calling thread (the first worker) until the session ends, then waits up to
    /// <paramref name="drainTimeout"/> for the other workers to end.
    /// </summary>
    /// <returns>0 when the session ended normally, otherwise the first read error as -errno; and whether every worker
    /// ended (when one did not, it may still be inside libfuse and the session must not be freed).</returns>
    public (int Result, bool Drained) Run(TimeSpan drainTimeout)
    {
        lock (gate) workers = 1;
        var watchdog = new Thread(Watch) { IsBackground = true, Name = "fuse-watchdog" };
        watchdog.Start();
        using (var signal = new SemaphoreSlim(0))
        {
            Work(signal);
        }
        Thread[] others;
        lock (gate) others = [.. started];
        var deadline = DateTime.UtcNow + drainTimeout;
        var drained = true;
        foreach (var thread in others)
        {
            var left = deadline - DateTime.UtcNow;
            drained &= thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        drained &= watchdog.Join(TimeSpan.FromSeconds(1));
        return (Volatile.Read(ref error), drained);
    }

    private void StartedWorker()
    {
        using var signal = new SemaphoreSlim(0);
        Work(signal);
    }

    /// <summary>One worker: read, process, then read again or park. <paramref name="signal"/> wakes it when parked.</summary>
    private void Work(SemaphoreSlim signal)
    {
        FuseBuf buffer = default;
        try
        {
            while (LibFuse.SessionExited(session) == 0)
            {
                Interlocked.Increment(ref reading);
                int size = LibFuse.SessionReceiveBuf(session, &buffer);
                Interlocked.Decrement(ref reading);
                if (size == Interrupted)
                {
                    continue;
                }
                if (size <= 0)
                {
                    if (size < 0)
                    {
                        Interlocked.CompareExchange(ref error, size, 0);
                        LibFuse.SessionExit(session);
                    }
                    break;
                }
                Interlocked.Increment(ref received);
                if (Volatile.Read(ref watchdogAsleep) != 0 && Interlocked.Exchange(ref watchdogAsleep, 0) != 0)
                {
                    watchdogWake.Release();
                }
                if (Volatile.Read(ref reading) == 0 && MayTakeLong(buffer))
                {
                    Wake();
                }
                LibFuse.SessionProcessBuf(session, &buffer);
                if (!Continue(signal))
                {
                    break;
                }
            }
        }
        finally
        {
            NativeMemory.Free(buffer.Mem);
            Stop();
        }
    }

    /// <summary>
    /// After a request: true when this worker should read the next one, at once (nobody else is reading) or after
    /// being parked and woken; false when the loop is stopping.
    /// </summary>
    private bool Continue(SemaphoreSlim signal)
    {
        lock (gate)
        {
            if (stopping)
            {
                return false;
            }
            if (Volatile.Read(ref reading) == 0)
            {
                return true;
            }
            parked.Push(signal);
        }
        signal.Wait();
        lock (gate) return !stopping;
    }

    /// <summary>Gets one more worker reading: the last parked one, or a new one while under the limit.</summary>
    private void Wake()
    {
        lock (gate)
        {
            if (stopping)
            {
                return;
            }
            if (parked.TryPop(out var signal))
            {
                signal.Release();
                return;
            }
            if (workers >= maxWorkers)
            {
                return;
            }
            var thread = new Thread(StartedWorker, WorkerStackBytes) { IsBackground = true, Name = "fuse-worker" };
            try
            {
                thread.Start();
            }
            catch (OutOfMemoryException ex)
            {
                // The workers already running keep serving; the next wake tries again.
                log.Warn($"cannot start another FUSE worker ({workers} running): {ex.Message}");
                return;
            }
            workers++;
            started.Add(thread);
        }
    }

    /// <summary>Marks the loop as stopping and releases every parked worker and the watchdog.</summary>
    private void Stop()
    {
        lock (gate)
        {
            stopping = true;
            while (parked.TryPop(out var signal))
            {
                signal.Release();
            }
        }
        watchdogWake.Release();
    }

    /// <summary>
    /// Every millisecond while requests arrive: when a whole tick passed with no worker reading and no request read,
    /// every worker is inside a request (or parked by a race), so one more is woken. Sleeps while the mount is idle.
    /// </summary>
    private void Watch()
    {
        long last = -1;
        int quiet = 0;
        while (true)
        {
            lock (gate)
            {
                if (stopping)
                {
                    return;
                }
            }
            Thread.Sleep(1);
            long now = Volatile.Read(ref received);
            if (now != last)
            {
                quiet = 0;
                last = now;
                continue;
            }
            if (Volatile.Read(ref reading) == 0)
            {
                Wake();
                continue;
            }
            if (++quiet < QuietTicksBeforeSleep)
            {
                continue;
            }
            // Idle: sleep until a worker reads a request (it releases the semaphore when it sees the flag).
            Volatile.Write(ref watchdogAsleep, 1);
            if (Volatile.Read(ref received) == now)
            {
                watchdogWake.Wait();
            }
            else if (Interlocked.Exchange(ref watchdogAsleep, 0) == 0)
            {
                watchdogWake.Wait();   // a worker saw the flag first and released the semaphore: take that release
            }
            quiet = 0;
        }
    }

    /// <summary>
    /// True for the data requests that may take long or that the kernel sends several at once (reads ahead, writes
    /// back, releases in the background): opcode (<c>fuse_in_header.opcode</c>, bytes 4-7) READ 15, WRITE 16,
    /// RELEASE 18, FSYNC 20, FLUSH 25, FSYNCDIR 30, FALLOCATE 43, COPY_FILE_RANGE 47 (<c>fuse_kernel.h</c>).
    /// </summary>
    private static bool MayTakeLong(in FuseBuf buffer)
    {
        if ((buffer.Flags & FuseBuf.IsFd) != 0 || buffer.BufSize < 8)
        {
            return true;
        }
        uint opcode = *(uint*)((byte*)buffer.Mem + 4);
        return opcode is 15 or 16 or 18 or 20 or 25 or 30 or 43 or 47;
    }
}
