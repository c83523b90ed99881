using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Hosting.Uring;

/// <summary>
/// One io_uring instance (io_uring_setup(2), io_uring_enter(2)) with 128-byte submission entries, driven by one thread
/// at a time: entries are filled in place (<see cref="NextSubmission"/>), handed to the kernel and waited for with one
/// <see cref="Enter"/>, and completions taken with <see cref="TryComplete"/>. No liburing: the three mappings and
/// the ring indices follow the io_uring(7) man page (store-release of the submission tail, load-acquire of the
/// completion tail).
/// </summary>
internal sealed unsafe class IoUring : IDisposable
{
    /// <summary><c>__NR_io_uring_setup</c> (the same on x86-64 and AArch64).</summary>
    internal const nint SysSetup = 425;

    /// <summary><c>__NR_io_uring_enter</c>.</summary>
    internal const nint SysEnter = 426;

    /// <summary><c>IORING_ENTER_GETEVENTS</c>: wait for completions.</summary>
    internal const nint EnterGetEvents = 1;

    /// <summary><c>IORING_OFF_SQ_RING</c>, <c>IORING_OFF_CQ_RING</c>, <c>IORING_OFF_SQES</c>: mmap offsets.</summary>
    internal const long OffSqRing = 0, OffCqRing = 0x8000000, OffSqes = 0x10000000;

    private readonly int _fd;
    private readonly nint _sqRing, _cqRing, _sqes;
    private readonly nuint _sqRingSize, _cqRingSize, _sqesSize;
    private readonly uint* _sqHead, _sqTail, _sqArray, _cqHead, _cqTail;
    private readonly uint _sqMask, _cqMask, _sqEntries;
    private readonly IoUringCqe* _cqes;
    private uint _sqLocalTail;
    private bool _disposed;

    private IoUring(int fd, in IoUringParams p)
    {
        _fd = fd;
        _sqRingSize = p.SqOffsets.Array + p.SqEntries * sizeof(uint);
        _cqRingSize = p.CqOffsets.Cqes + p.CqEntries * (uint)sizeof(IoUringCqe);
        bool single = (p.Features & IoUringParams.FeatureSingleMmap) != 0;
        if (single) _sqRingSize = _cqRingSize = Math.Max(_sqRingSize, _cqRingSize);
        _sqesSize = p.SqEntries * (nuint)IoUringSqe.Size128;
        try
        {
            _sqRing = Map(_sqRingSize, OffSqRing);
            _cqRing = single ? _sqRing : Map(_cqRingSize, OffCqRing);
            _sqes = Map(_sqesSize, OffSqes);
        }
        catch
        {
            Unmap();
            throw;
        }
        byte* sq = (byte*)_sqRing, cq = (byte*)_cqRing;
        _sqHead = (uint*)(sq + p.SqOffsets.Head);
        _sqTail = (uint*)(sq + p.SqOffsets.Tail);
        _sqArray = (uint*)(sq + p.SqOffsets.Array);
        _sqMask = *(uint*)(sq + p.SqOffsets.RingMask);
        _sqEntries = p.SqEntries;
        _cqHead = (uint*)(cq + p.CqOffsets.Head);
        _cqTail = (uint*)(cq + p.CqOffsets.Tail);
        _cqMask = *(uint*)(cq + p.CqOffsets.RingMask);
        _cqes = (IoUringCqe*)(cq + p.CqOffsets.Cqes);
        _sqLocalTail = *_sqTail;
    }

    /// <summary>Sets up a ring of <paramref name="entries"/> submission entries (a power of two, at most 32768) and
    /// twice as many completion entries.</summary>
    /// <exception cref="IOException">io_uring_setup or a mapping failed (the errno is in the message; ENOSYS or
    /// EPERM when the kernel has io_uring off, <c>/proc/sys/kernel/io_uring_disabled</c>).</exception>
    public static IoUring Create(uint entries)
    {
        var p = new IoUringParams
        {
            Flags = IoUringParams.SetupSqe128 | IoUringParams.SetupSubmitAll | IoUringParams.SetupCqSize,
            CqEntries = entries * 2,
        };
        int fd = (int)Libc.Syscall(SysSetup, (nint)entries, (nint)(&p), 0, 0, 0, 0);
        if (fd < 0) throw new IOException($"io_uring_setup failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            return new IoUring(fd, p);
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// The next free submission entry, zeroed (all 128 bytes), to be filled before the next <see cref="Enter"/>; null
    /// when every entry is already queued and not yet consumed by the kernel.
    /// </summary>
    public IoUringSqe* NextSubmission()
    {
        uint head = Volatile.Read(ref *_sqHead);
        if (_sqLocalTail - head >= _sqEntries) return null;
        uint index = _sqLocalTail & _sqMask;
        var sqe = (IoUringSqe*)((byte*)_sqes + (nuint)index * IoUringSqe.Size128);
        Unsafe.InitBlockUnaligned(sqe, 0, IoUringSqe.Size128);
        _sqArray[index] = index;
        _sqLocalTail++;
        return sqe;
    }

    /// <summary>
    /// Submits every entry filled since the last call and, when <paramref name="wait"/>, blocks until at least one
    /// completion is there (returns early, with nothing new, when a signal interrupts the wait).
    /// </summary>
    /// <returns>0, or the negated errno of io_uring_enter (EINTR included; the entries stay queued and the next call
    /// submits them).</returns>
    public int Enter(bool wait)
    {
        Volatile.Write(ref *_sqTail, _sqLocalTail);
        uint pending = _sqLocalTail - Volatile.Read(ref *_sqHead);
        if (pending == 0 && (!wait || HasCompletion)) return 0;
        nint result = Libc.Syscall(SysEnter, _fd, (nint)pending, wait ? 1 : 0, wait ? EnterGetEvents : 0, 0, 0);
        return result < 0 ? -Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>True when a completion waits to be taken.</summary>
    public bool HasCompletion => *_cqHead != Volatile.Read(ref *_cqTail);

    /// <summary>Takes the oldest completion, if any.</summary>
    public bool TryComplete(out IoUringCqe completion)
    {
        uint head = *_cqHead;
        if (head == Volatile.Read(ref *_cqTail))
        {
            completion = default;
            return false;
        }
        completion = _cqes[head & _cqMask];
        Volatile.Write(ref *_cqHead, head + 1);
        return true;
    }

    /// <summary>Closes the ring: the kernel cancels what is still queued in it (asynchronously, after this returns).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Unmap();
        Libc.Close(_fd);
    }

    private nint Map(nuint length, long offset)
    {
        nint address = Libc.Mmap(0, length, Libc.ProtReadWrite, Libc.MapShared | Libc.MapPopulate, _fd, offset);
        if (address == Libc.MapFailed) throw new IOException($"mapping the io_uring (offset 0x{offset:x}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return address;
    }

    private void Unmap()
    {
        if (_sqes != 0) Libc.Munmap(_sqes, _sqesSize);
        if (_cqRing != 0 && _cqRing != _sqRing) Libc.Munmap(_cqRing, _cqRingSize);
        if (_sqRing != 0) Libc.Munmap(_sqRing, _sqRingSize);
    }
}
