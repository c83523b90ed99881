using System.Runtime.CompilerServices;

namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// FUSE over io_uring for one mount (Linux 6.14+, <c>CONFIG_FUSE_IO_URING</c>, module parameter
/// <c>fuse.enable_uring</c>), beneath libfuse 3.14, which knows nothing of it: the INIT reply is amended with
/// <c>FUSE_OVER_IO_URING</c> (bit 9 of <c>fuse_init_out.flags2</c>) once every ring entry is set up
/// (<see cref="AmendInitReply"/>), the entries register right after that reply is written (<see cref="Start"/>), and
/// from then on the kernel hands each request to an entry of the queue of the CPU its caller runs on
/// (<see cref="FuseRingWorker"/>): one <c>io_uring_enter</c> per request both commits the previous reply and waits for
/// the next, where <c>/dev/fuse</c> needs a read and a writev and a wake-up of some worker.
/// </summary>
/// <remarks>
/// <para>What still comes through <c>/dev/fuse</c> (fs/fuse/dev_uring.c, <c>fuse_io_uring_ops</c>): FORGET and
/// BATCH_FORGET, INTERRUPT, and requests queued before the ring was ready; notifications (unique 0) go out there too.
/// The session's ordinary loop keeps serving the device for them.</para>
/// <para>Safety: the flag is only sent when all entries are set up; if a REGISTER fails the kernel drops the ring and
/// keeps using <c>/dev/fuse</c> (<c>fuse_uring_cmd</c>). The kernel needs an entry for every possible CPU
/// (<c>num_possible_cpus()</c>), not just the online ones.</para>
/// </remarks>
internal sealed unsafe class FuseRing
{
    /// <summary><c>FUSE_INIT_EXT</c>, bit 30 of <c>fuse_init_out.flags</c>: <c>flags2</c> is valid.</summary>
    private const uint InitExt = 1u << 30;

    /// <summary><c>FUSE_OVER_IO_URING</c> (1ULL &lt;&lt; 41), bit 9 of <c>flags2</c>.</summary>
    public const uint OverIoUring = 1u << 9;

    /// <summary>Offsets in <c>struct fuse_init_out</c>: <c>flags</c>, <c>max_write</c>, <c>max_pages</c> (u16), <c>flags2</c>.</summary>
    private const int FlagsOffset = 12, MaxWriteOffset = 20, MaxPagesOffset = 28, Flags2Offset = 32;

    /// <summary><c>FUSE_MIN_READ_BUFFER</c>: the kernel's floor for an entry's payload, in bytes.</summary>
    private const int MinimumPayload = 8192;

    private readonly int _workersPerQueue;
    private readonly int _queues;
    private readonly ManualResetEventSlim _started = new();
    private readonly List<FuseRingWorker> _workers = [];
    private volatile bool _stopping;
    private int _live;
    private int _refusals;

    /// <summary>A ring for <paramref name="session"/> on <paramref name="deviceFd"/>, nothing set up yet.</summary>
    /// <param name="session">The <c>fuse_session</c> requests are dispatched to.</param>
    /// <param name="deviceFd">Its <c>/dev/fuse</c> descriptor.</param>
    /// <param name="queues">Possible CPUs (<see cref="UringSupport.PossibleCpus"/>).</param>
    /// <param name="workersPerQueue">Entries (each with its thread) per queue.</param>
    /// <param name="log">The mount's log.</param>
    public FuseRing(nint session, int deviceFd, int queues, int workersPerQueue, FuseLog log)
    {
        Session = session;
        DeviceFd = deviceFd;
        _queues = queues;
        _workersPerQueue = workersPerQueue;
        Log = log;
    }

    /// <summary>The <c>fuse_session</c>.</summary>
    public nint Session { get; }

    /// <summary>The session's <c>/dev/fuse</c> descriptor.</summary>
    public int DeviceFd { get; }

    /// <summary>The mount's log.</summary>
    public FuseLog Log { get; }

    /// <summary>True once the INIT reply asked for the ring and its entries were told to register.</summary>
    public bool Active => _started.IsSet && !_stopping;

    /// <summary>Requests taken from the ring and answered so far.</summary>
    public long RequestsServed => _workers.ToArray().Sum(w => w.Served);

    /// <summary>Entries set up (<see cref="AmendInitReply"/>).</summary>
    public int Entries => _workers.Count;

    /// <summary>Entries still serving (registered or registering).</summary>
    public int LiveEntries => Volatile.Read(ref _live);

    /// <summary>
    /// Sets up every entry and sets <c>FUSE_OVER_IO_URING</c> in the INIT reply <paramref name="initOut"/>
    /// (<c>struct fuse_init_out</c>, <paramref name="length"/> bytes) when the reply carries <c>flags2</c>; leaves the
    /// reply alone (and the mount on <c>/dev/fuse</c>) when anything fails.
    /// </summary>
    /// <returns>True when the flag was set: call <see cref="Start"/> once the reply is written.</returns>
    public bool AmendInitReply(byte* initOut, int length)
    {
        if (length < Flags2Offset + 4 || (Unsafe.ReadUnaligned<uint>(initOut + FlagsOffset) & InitExt) == 0)
        {
            Log.Warn("FUSE over io_uring not used: the INIT reply has no flags2 (kernel before 5.17)");
            return false;
        }
        int maxWrite = (int)Unsafe.ReadUnaligned<uint>(initOut + MaxWriteOffset);
        int maxPages = Unsafe.ReadUnaligned<ushort>(initOut + MaxPagesOffset);
        int payload = Math.Max(MinimumPayload, Math.Max(maxWrite, maxPages * Environment.SystemPageSize));
        try
        {
            for (int queue = 0; queue < _queues; queue++)
            {
                for (int i = 0; i < _workersPerQueue; i++) _workers.Add(new FuseRingWorker(this, (ushort)queue, payload, i));
            }
            foreach (var worker in _workers) worker.Start();
        }
        catch (Exception ex)
        {
            Log.Warn($"FUSE over io_uring not used: setting up its entries failed ({ex.Message})");
            Stop(TimeSpan.FromSeconds(5));
            return false;
        }
        Volatile.Write(ref _live, _workers.Count);
        *(uint*)(initOut + Flags2Offset) |= OverIoUring;
        return true;
    }

    /// <summary>Lets the entries register; call right after the INIT reply that asked for the ring was written.</summary>
    public void Start()
    {
        _started.Set();
        Log.Info($"serving requests over io_uring: {_workers.Count} ring entries on {_queues} queues");
    }

    /// <summary>Blocks a worker until <see cref="Start"/> or <see cref="Stop"/>; true when it should register.</summary>
    internal bool WaitForStart()
    {
        _started.Wait();
        return !_stopping;
    }

    /// <summary>A worker ended: <paramref name="error"/> is null when the connection went away (unmount), else why.</summary>
    internal void Ended(ushort queue, string? error)
    {
        Interlocked.Decrement(ref _live);
        if (error is not null && !_stopping && Interlocked.Increment(ref _refusals) == 1)
        {
            Log.Warn($"FUSE over io_uring: an entry of queue {queue} ended: {error}; requests it would have served go through /dev/fuse");
        }
    }

    /// <summary>
    /// Ends the ring after the connection ended: workers still waiting to register end at once, the others have had
    /// (or get within <paramref name="timeout"/>) their final completion. Their memory is freed only then; a worker
    /// that does not end leaks its buffers rather than leave the kernel pointers into freed memory.
    /// </summary>
    public void Stop(TimeSpan timeout)
    {
        _stopping = true;
        _started.Set();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var worker in _workers)
        {
            var left = deadline - DateTime.UtcNow;
            if (worker.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero)) worker.Free();
            else Log.Warn("a FUSE ring entry did not end with its connection; leaving its buffers mapped");
        }
    }
}
