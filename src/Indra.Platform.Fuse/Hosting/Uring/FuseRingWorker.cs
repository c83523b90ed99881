using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// One thread serving one ring entry of one FUSE queue (Documentation/filesystems/fuse-io-uring.rst): it registers the
/// entry's header and payload buffers with the kernel through its own io_uring, then loops: the completion says a
/// request is in the buffers, the request is rebuilt as <c>/dev/fuse</c> would have delivered it and handed to
/// libfuse (<c>fuse_session_process_buf</c>), the reply libfuse writes is captured into the same buffers
/// (<see cref="TryCapture"/>), and one <c>io_uring_enter</c> commits it and waits for the next request
/// (<c>FUSE_IO_URING_CMD_COMMIT_AND_FETCH</c>). Every request taken from the ring is committed exactly once: when
/// libfuse sends no reply for it, an EIO reply is committed.
/// </summary>
/// <remarks>
/// Memory: one anonymous mapping of a header page, a scratch page and the payload buffer; the rebuilt request's
/// <c>fuse_in_header</c> and first argument are copied into the scratch page right in front of the payload, so the
/// payload (write data) is not copied. Replies to requests with a payload are staged apart first (a callback may still
/// look at its arguments after replying) and copied into the payload once the callback returned.
/// </remarks>
internal sealed unsafe class FuseRingWorker
{
    private const int Page = 4096;

    /// <summary>errno values (asm-generic/errno-base.h).</summary>
    private const int EIntr = 4, EIo = 5, EAgain = 11, EBusy = 16, ENotConn = 107, ECanceled = 125;

    /// <summary>Consecutive EAGAIN/EBUSY answers of io_uring_enter (1 ms apart) after which a warning is logged.</summary>
    private const int BusyStreakLogged = 1000;

    /// <summary>How often a REGISTER refused with EAGAIN (INIT not yet processed) is tried again, 1 ms apart.</summary>
    private const int RegisterAttempts = 1000;

    [ThreadStatic]
    private static FuseRingWorker? _serving;

    private readonly FuseRing _ring;
    private readonly ushort _queue;
    private readonly IoUring _uring;
    private readonly nint _memory;
    private readonly nuint _memorySize;
    private readonly byte* _header;
    private readonly byte* _payload;
    private readonly int _payloadCapacity;
    private readonly IoVec* _registration;
    private readonly Thread _thread;
    private byte* _staging;
    private int _stagingCapacity;
    private ulong _unique;
    private bool _replied;
    private int _replyLength;
    private bool _stagedReply;
    private long _served;

    /// <summary>Maps the entry's buffers and sets up its io_uring; the thread starts with <see cref="Start"/>.</summary>
    /// <exception cref="IOException">io_uring or the mapping could not be set up.</exception>
    public FuseRingWorker(FuseRing ring, ushort queue, int payloadCapacity, int index)
    {
        _ring = ring;
        _queue = queue;
        _payloadCapacity = payloadCapacity;
        _memorySize = (nuint)(2 * Page + ((payloadCapacity + Page - 1) & ~(Page - 1)));
        _memory = Libc.Mmap(0, _memorySize, Libc.ProtReadWrite, Libc.MapPrivateAnonymous, -1, 0);
        if (_memory == Libc.MapFailed) throw new IOException($"mapping {_memorySize} bytes for a FUSE ring entry failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            _uring = IoUring.Create(4);
        }
        catch
        {
            Libc.Munmap(_memory, _memorySize);
            throw;
        }
        _header = (byte*)_memory;
        _payload = (byte*)_memory + 2 * Page;
        // The iovec pair of the REGISTER lives past the 288-byte header in the header page; the kernel reads it once.
        _registration = (IoVec*)(_header + 2048);
        _registration[0] = new IoVec { Base = _header, Length = RingHeader.Size };
        _registration[1] = new IoVec { Base = _payload, Length = (nuint)payloadCapacity };
        _thread = new Thread(Run) { IsBackground = true, Name = $"indra-fuse-ring {queue}.{index}" };
    }

    /// <summary>Requests this entry answered (read by other threads for tests and logs; written by its own thread only).</summary>
    public long Served => Volatile.Read(ref _served);

    /// <summary>True once the thread has ended (the connection went away, or the ring was refused or stopped).</summary>
    public bool Ended => !_thread.IsAlive && _thread.ThreadState != ThreadState.Unstarted;

    /// <summary>Starts the thread; it waits for <see cref="FuseRing.Start"/> before registering.</summary>
    public void Start() => _thread.Start();

    /// <summary>Waits up to <paramref name="timeout"/> for the thread to end.</summary>
    public bool Join(TimeSpan timeout) => _thread.ThreadState == ThreadState.Unstarted || _thread.Join(timeout);

    /// <summary>Frees the io_uring and the buffers; only once the thread has ended (the kernel then holds no entry of
    /// ours in a queue any more: each ended with a completion).</summary>
    public void Free()
    {
        _uring.Dispose();
        Libc.Munmap(_memory, _memorySize);
        if (_staging != null) NativeMemory.Free(_staging);
        _staging = null;
    }

    /// <summary>
    /// When the calling thread is a ring worker serving the request <paramref name="iov"/> answers, copies the reply
    /// into its entry and returns true with the bytes "written" (<paramref name="written"/>); otherwise false, and the
    /// message goes to <c>/dev/fuse</c> (notifications, interrupts' replies, requests read from the device).
    /// </summary>
    public static bool TryCapture(IoVec* iov, int count, out nint written)
    {
        written = 0;
        var worker = _serving;
        if (worker is null || count < 1 || iov[0].Length != RingHeader.OutHeaderSize) return false;
        ulong unique = Unsafe.ReadUnaligned<ulong>((byte*)iov[0].Base + RingHeader.UniqueOffset);
        if (unique != worker._unique || worker._replied) return false;
        written = worker.Capture(iov, count);
        return true;
    }

    /// <summary>
    /// On a ring entry's thread serving a request without a payload of its own (READ, READDIR, READLINK, LISTXATTR),
    /// the entry's payload buffer as reply memory of <paramref name="size"/> bytes: a reply built there is committed
    /// as it lies. False elsewhere, for larger sizes, or when the request's own arguments are in the payload.
    /// </summary>
    public static bool TryReplySpace(nuint size, out Native.NativeBuffer space)
    {
        space = default;
        var worker = _serving;
        if (worker is null || worker._stagedReply || worker._replied || size > (nuint)worker._payloadCapacity) return false;
        space = Native.NativeBuffer.Unowned(worker._payload, (nuint)worker._payloadCapacity);
        return true;
    }

    private nint Capture(IoVec* iov, int count)
    {
        nuint total = 0;
        for (int i = 1; i < count; i++) total += iov[i].Length;
        _replied = true;
        Unsafe.CopyBlockUnaligned(_header + RingHeader.InOut, iov[0].Base, RingHeader.OutHeaderSize);
        if (total > (nuint)_payloadCapacity)
        {
            // Cannot happen within max_write/max_read; answer EIO rather than overrun the entry.
            SetErrorReply(EIo);
            return (nint)(RingHeader.OutHeaderSize + total);
        }
        byte* target = _payload;
        if (_stagedReply)
        {
            if (_stagingCapacity < (int)total)
            {
                if (_staging != null) NativeMemory.Free(_staging);
                _stagingCapacity = Math.Max((int)total, 4096);
                _staging = (byte*)NativeMemory.Alloc((nuint)_stagingCapacity);
            }
            target = _staging;
        }
        for (int i = 1; i < count; i++)
        {
            // A reply built in the payload itself (TryReplySpace) is where it must be already.
            if (iov[i].Base != target) Unsafe.CopyBlockUnaligned(target, iov[i].Base, (uint)iov[i].Length);
            target += iov[i].Length;
        }
        _replyLength = (int)total;
        return (nint)(RingHeader.OutHeaderSize + total);
    }

    private void SetErrorReply(int errno)
    {
        Unsafe.WriteUnaligned(_header + RingHeader.InOut, (uint)RingHeader.OutHeaderSize);
        Unsafe.WriteUnaligned(_header + RingHeader.InOut + 4, -errno);
        Unsafe.WriteUnaligned(_header + RingHeader.InOut + RingHeader.UniqueOffset, _unique);
        _replyLength = 0;
        _stagedReply = false;
        _replied = true;
    }

    private void Run()
    {
        // Why the entry ended, for the ring's count of live entries (exactly once, whichever way it ends); null when
        // the connection went away or the ring stopped before this entry registered.
        string? ending = null;
        try
        {
            if (!_ring.WaitForStart()) return;
            Submit(FuseUringCmdReq.Register, 0);
            int registerAttempts = 0;
            int busyStreak = 0;
            bool registered = false;
            while (true)
            {
                int entered = _uring.Enter(wait: true);
                if (entered is -EAgain or -EBusy)
                {
                    // The kernel is short of memory for the submission, or the completion ring is full (io_uring_enter(2)):
                    // nothing to wait on but time. Back off 1 ms and try again, saying so once a streak passes a second.
                    if (++busyStreak == BusyStreakLogged)
                    {
                        _ring.Log.Warn($"fuse ring: io_uring_enter of queue {_queue} answered {(entered == -EAgain ? "EAGAIN" : "EBUSY")} {BusyStreakLogged} times in a row; still retrying");
                    }
                    Thread.Sleep(1);
                    continue;
                }
                busyStreak = 0;
                if (entered < 0 && entered != -EIntr)
                {
                    ending = $"io_uring_enter failed ({Marshal.GetPInvokeErrorMessage(-entered)})";
                    return;
                }
                if (!_uring.TryComplete(out var completion)) continue;
                if (completion.Result < 0)
                {
                    int errno = -completion.Result;
                    if (!registered && (errno == EAgain || errno == EIntr) && ++registerAttempts < RegisterAttempts)
                    {
                        // REGISTER before the kernel finished processing the INIT reply (fs/fuse/dev_uring.c answers
                        // EAGAIN until fc->initialized; nothing signals it to us): back off 1 ms, at most 1 s in all,
                        // then the entry ends with a logged error below.
                        Thread.Sleep(1);
                        Submit(FuseUringCmdReq.Register, 0);
                        continue;
                    }
                    ending = errno is ENotConn or ECanceled ? null : $"{(registered ? "commit" : "register")} failed ({Marshal.GetPInvokeErrorMessage(errno)})";
                    return;
                }
                registered = true;
                ulong commitId = Serve();
                Submit(FuseUringCmdReq.CommitAndFetch, commitId);
            }
        }
        catch (Exception ex)
        {
            // The entry is lost to its queue; the others keep serving.
            _ring.Log.Unexpected("fuse ring", ex, "ending this ring entry");
            ending = ex.Message;
        }
        finally
        {
            _ring.Ended(_queue, ending);
        }
    }

    /// <summary>Hands the request in the entry to libfuse and leaves its reply in the entry.</summary>
    /// <returns>The request's commit id.</returns>
    private ulong Serve()
    {
        ulong commitId = Unsafe.ReadUnaligned<ulong>(_header + RingHeader.CommitId);
        uint length = Unsafe.ReadUnaligned<uint>(_header + RingHeader.InOut);
        uint payloadSize = Unsafe.ReadUnaligned<uint>(_header + RingHeader.PayloadSize);
        _unique = Unsafe.ReadUnaligned<ulong>(_header + RingHeader.InOut + RingHeader.UniqueOffset);
        _replied = false;
        _replyLength = 0;
        long operationIn = (long)length - RingHeader.InHeaderSize - payloadSize;
        if (operationIn < 0 || operationIn > RingHeader.OperationInCapacity || payloadSize > (uint)_payloadCapacity)
        {
            _ring.Log.Warn($"fuse ring: request {_unique} of {length} bytes does not fit its entry (payload {payloadSize}); replying EIO");
            SetErrorReply(EIo);
        }
        else
        {
            // The request as read(2) of /dev/fuse returns it: in header, first argument, payload, contiguous.
            byte* start = _payload - RingHeader.InHeaderSize - operationIn;
            Unsafe.CopyBlockUnaligned(start, _header + RingHeader.InOut, RingHeader.InHeaderSize);
            Unsafe.CopyBlockUnaligned(start + RingHeader.InHeaderSize, _header + RingHeader.OperationIn, (uint)operationIn);
            _stagedReply = payloadSize > 0;
            var buffer = new FuseBuf { BufSize = length, Mem = start };
            _serving = this;
            try
            {
                LibFuse.SessionProcessBuf(_ring.Session, &buffer);
            }
            finally
            {
                _serving = null;
            }
            if (!_replied)
            {
                _ring.Log.Warn($"fuse ring: request {_unique} (opcode {Unsafe.ReadUnaligned<uint>(start + 4)}) got no reply; replying EIO");
                SetErrorReply(EIo);
            }
            else if (_stagedReply && _replyLength > 0)
            {
                Unsafe.CopyBlockUnaligned(_payload, _staging, (uint)_replyLength);
            }
        }
        Unsafe.WriteUnaligned(_header + RingHeader.PayloadSize, (uint)_replyLength);
        Volatile.Write(ref _served, _served + 1);
        return commitId;
    }

    private void Submit(uint command, ulong commitId)
    {
        IoUringSqe* sqe = _uring.NextSubmission();
        if (sqe == null) throw new InvalidOperationException("the ring entry's io_uring has no free submission entry");
        sqe->Opcode = IoUringSqe.OpUringCmd;
        sqe->Fd = _ring.DeviceFd;
        sqe->CommandOp = command;
        if (command == FuseUringCmdReq.Register)
        {
            sqe->Address = (ulong)_registration;
            sqe->Length = 2;
        }
        var request = (FuseUringCmdReq*)((byte*)sqe + IoUringSqe.CommandOffset);
        request->CommitId = commitId;
        request->QueueId = _queue;
    }
}
