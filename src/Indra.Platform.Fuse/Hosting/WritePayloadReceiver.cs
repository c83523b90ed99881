using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Interop;
using Indra.Storage.Blocks;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The session's request reader (<see cref="FuseCustomIo.Read"/>): reads each request from <c>/dev/fuse</c> with one
/// <c>readv(2)</c> whose first piece is the first <see cref="WriteHeaderSize"/> bytes of libfuse's buffer and whose
/// second is a 4 KiB aligned buffer of the reading thread (<see cref="LentBlockBuffer.Rent"/>), so that a WRITE
/// request's payload lands at the start of aligned memory. The write callback then passes that memory on
/// (<see cref="PayloadOf"/>) and lends it to the block write queue, which queues a whole block from it for its direct
/// write instead of copying the block into an aligned buffer of its own (about a tenth of the daemon's CPU per GiB
/// written; docs/performance-small-files.md, Session 13). Any other request longer than the header size is put back
/// together in libfuse's buffer (its tail copied back after the first piece), so libfuse sees it exactly as read(2)
/// would have left it; the kernel fills the pieces in order and accepts the read as long as their total is the
/// buffer size libfuse asked for (<c>fuse_dev_do_read</c> in fs/fuse/dev.c).
/// </summary>
/// <remarks>Per thread: libfuse's worker threads each read a request and process it before reading the next, on the
/// same thread (lib/fuse_loop_mt.c <c>fuse_do_work</c>), so the write callback finds the payload of the request its
/// thread read last.</remarks>
internal static unsafe class WritePayloadReceiver
{
    /// <summary><c>sizeof(struct fuse_in_header)</c> + <c>sizeof(struct fuse_write_in)</c> (fuse_kernel.h, protocol
    /// 7.9+): where a WRITE request's payload starts, in bytes.</summary>
    public const int WriteHeaderSize = 40 + 40;

    /// <summary><c>FUSE_WRITE</c> (fuse_kernel.h <c>enum fuse_opcode</c>).</summary>
    private const uint OpcodeWrite = 16;

    /// <summary>Offset of <c>opcode</c> (u32) in <c>struct fuse_in_header</c>, after <c>len</c> (u32).</summary>
    private const int OpcodeOffset = 4;

    [ThreadStatic]
    private static Receiver? _state;

    /// <summary>The address of <see cref="Read"/> for <see cref="FuseCustomIo.Read"/>.</summary>
    public static nint ReadAddress => (nint)(delegate* unmanaged[Cdecl]<int, byte*, nuint, nint, nint>)&Read;

    /// <summary>
    /// <c>ssize_t read(int fd, void *buf, size_t buf_len, void *userdata)</c> of <c>struct fuse_custom_io</c>: reads
    /// one request into <paramref name="buffer"/> (the payload of a WRITE into this thread's aligned buffer instead);
    /// -1 with errno set on failure, which libfuse reads right after the call (ENODEV ends the session at unmount,
    /// ENOENT restarts an interrupted read).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Read(int fd, byte* buffer, nuint length, nint userData)
    {
        IoVec* pieces = stackalloc IoVec[2];
        Receiver? state = null;
        if (_state is { } previous) previous.Diverted = false;
        if (length > WriteHeaderSize && length - WriteHeaderSize <= int.MaxValue)
        {
            try
            {
                state = Prepare((int)(length - WriteHeaderSize));
            }
            catch (Exception ex)
            {
                // Nothing may cross into libfuse: this request is read into libfuse's buffer as it is.
                FuseLog.StandardError.Unexpected("read", ex, "reading the request into libfuse's buffer whole");
            }
        }
        if (state is null)
        {
            pieces[0] = new IoVec { Base = buffer, Length = length };
            return Finish(Libc.Readv(fd, pieces, 1));
        }
        pieces[0] = new IoVec { Base = buffer, Length = WriteHeaderSize };
        pieces[1] = new IoVec { Base = (void*)state.Buffer.Pointer, Length = length - WriteHeaderSize };
        var read = Libc.Readv(fd, pieces, 2);
        if (read <= WriteHeaderSize) return Finish(read);
        var tail = (int)(read - WriteHeaderSize);
        if (Unsafe.ReadUnaligned<uint>(buffer + OpcodeOffset) == OpcodeWrite)
        {
            state.Header = buffer;
            state.PayloadLength = tail;
            state.Diverted = true;
        }
        else
        {
            NativeMemory.Copy((void*)state.Buffer.Pointer, buffer + WriteHeaderSize, (nuint)tail);
        }
        return read;
    }

    /// <summary>This thread's receiver, its buffer holding at least <paramref name="rest"/> bytes, no payload held.</summary>
    private static Receiver Prepare(int rest)
    {
        var state = _state ??= new Receiver();
        if (state.Buffer.Capacity < rest)
        {
            if (state.Buffer.Pointer != 0) LentBlockBuffer.Return(state.Buffer);
            state.Buffer = default;
            state.Buffer = LentBlockBuffer.Rent(rest);
        }
        return state;
    }

    /// <summary>
    /// Where the bytes of the WRITE request the write callback got as <paramref name="data"/> (inside libfuse's buffer)
    /// really are: the start of this thread's aligned buffer, lent to the block write queue until
    /// <see cref="EndWrite"/> when <paramref name="lent"/>. Otherwise <paramref name="data"/> itself (the request was
    /// read into libfuse's buffer whole, or put back together there now).
    /// </summary>
    public static byte* PayloadOf(byte* data, int length, out bool lent)
    {
        lent = false;
        if (_state is not { Diverted: true } state) return data;
        state.Diverted = false;
        if (data == state.Header + WriteHeaderSize && length <= state.PayloadLength)
        {
            LentBlockBuffer.Lend(state.Buffer, length);
            lent = true;
            return (byte*)state.Buffer.Pointer;
        }
        // libfuse looks for the payload somewhere else than where protocol 7.9+ puts it: put the request back together.
        NativeMemory.Copy((void*)state.Buffer.Pointer, state.Header + WriteHeaderSize, (nuint)state.PayloadLength);
        return data;
    }

    /// <summary>Ends the loan of <see cref="PayloadOf"/>; a buffer the block write queue took is replaced at the next read.</summary>
    public static void EndWrite()
    {
        if (!LentBlockBuffer.EndLoan() && _state is { } state) state.Buffer = default;
    }

    /// <summary>Passes a failed read's errno on to libfuse (the runtime keeps it per P/Invoke, not in errno).</summary>
    private static nint Finish(nint read)
    {
        if (read < 0) Marshal.SetLastSystemError(Marshal.GetLastPInvokeError());
        return read;
    }

    /// <summary>One thread's aligned receive buffer and the WRITE payload it holds; the buffer is given back when the
    /// thread ends (libfuse ends idle worker threads).</summary>
    private sealed class Receiver
    {
        public (nint Pointer, int Capacity) Buffer;
        public byte* Header;
        public int PayloadLength;
        public bool Diverted;

        ~Receiver()
        {
            if (Buffer.Pointer != 0) LentBlockBuffer.Return(Buffer);
        }
    }
}
