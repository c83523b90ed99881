using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Hosting.Uring;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Turns on <c>FUSE_HANDLE_KILLPRIV_V2</c> (<c>fuse_kernel.h</c> protocol 7.33), which libfuse 3.14 cannot ask for:
/// it has no capability bit for it and builds the INIT reply's flags only from the bits it knows. The session's
/// replies therefore go out through a custom <c>writev</c> (<c>fuse_session_custom_io</c>) that adds the flag to the
/// first message of the session, which is always the INIT reply: the kernel sends nothing else until INIT is answered.
/// </summary>
/// <remarks>
/// <para>What it buys: with the flag the kernel marks the superblock <c>SB_NOSEC</c>, so a write(2) asks for
/// <c>security.capability</c> once per inode instead of on every call (<c>file_remove_privs</c>), and chown no longer
/// re-reads the attributes first. In exchange the filesystem clears set-user-ID and set-group-ID itself on write,
/// truncate and chown (<see cref="Native.SetIdBits"/>).</para>
/// <para>A kernel older than 5.11 ignores the unknown flag and keeps clearing the bits itself; clearing them twice is
/// harmless. Requests are read by <see cref="WritePayloadReceiver"/> (one <c>readv</c> each), and spliced replies sent
/// with libc's <c>splice</c> (<see cref="Libc.SpliceAddress"/>).</para>
/// </remarks>
internal static unsafe class KillPrivV2
{
    /// <summary><c>FUSE_HANDLE_KILLPRIV_V2</c>, bit 28 of <c>fuse_init_out.flags</c>.</summary>
    public const uint Flag = 1u << 28;

    /// <summary><c>sizeof(struct fuse_out_header)</c>: len (u32), error (i32), unique (u64).</summary>
    private const int HeaderSize = 16;

    /// <summary><c>sizeof(struct fuse_init_out)</c> as libfuse 3.14 sends it to a 7.23+ kernel.</summary>
    private const int InitOutSize = 64;

    /// <summary>Offset of <c>flags</c> in <c>struct fuse_init_out</c> (after major, minor, max_readahead).</summary>
    private const int FlagsOffset = 12;

    /// <summary>
    /// Routes <paramref name="session"/>'s I/O through the amending writev. Call after <c>fuse_session_mount</c> and
    /// before the loop starts.
    /// </summary>
    /// <returns>False (with a log line) when libc's read or the libfuse call is unavailable; the session then keeps
    /// its plain read/writev and the kernel keeps clearing the bits itself.</returns>
    public static bool Install(nint session, FuseLog log)
    {
        // Requests are read by WritePayloadReceiver, which puts a WRITE's payload into aligned memory.
        nint read = WritePayloadReceiver.ReadAddress;
        // Replies spliced from a pipe go out through libc's splice, untouched: only the INIT reply is amended, and it
        // is never spliced. Without it libfuse would offer no FUSE_CAP_SPLICE_WRITE to this session.
        var io = new FuseCustomIo { Writev = &Writev, Read = read, SpliceSend = Libc.SpliceAddress() };
        int result = LibFuse.SessionCustomIo(session, &io, LibFuse.SessionFd(session));
        if (result != 0)
        {
            log.Warn($"FUSE_HANDLE_KILLPRIV_V2 not requested: fuse_session_custom_io returned {result}");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Amends <paramref name="iov"/> in place when it is the session's first message, a successful INIT reply
    /// (header, then a <c>fuse_init_out</c>). Any other message passes untouched.
    /// </summary>
    /// <returns>True when <paramref name="iov"/> was that INIT reply (and was amended).</returns>
    internal static bool AmendInitReply(IoVec* iov, int count, ref int seen)
    {
        if (Interlocked.Exchange(ref seen, 1) != 0)
        {
            return false;
        }
        if (count != 2 || iov[0].Length != HeaderSize || iov[1].Length != InitOutSize)
        {
            return false;
        }
        byte* header = (byte*)iov[0].Base;
        if (Unsafe.ReadUnaligned<uint>(header) != HeaderSize + InitOutSize || Unsafe.ReadUnaligned<int>(header + 4) != 0)
        {
            return false;
        }
        uint* flags = (uint*)((byte*)iov[1].Base + FlagsOffset);
        *flags |= Flag;
        return true;
    }

    /// <summary>
    /// The session's <c>writev</c>: a reply to a request taken from a FUSE ring goes into that ring's entry
    /// (<see cref="FuseRingWorker.TryCapture"/>); every other message to <c>/dev/fuse</c>, the INIT reply amended (and,
    /// when the mount asked for it and the ring could be set up, with <c>FUSE_OVER_IO_URING</c>, the ring's entries
    /// registering right after it is written).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Writev(int fd, IoVec* iov, int count, nint userData)
    {
        FuseRing? starting = null;
        FuseMountContext? initialized = null;
        try
        {
            if (FuseRingWorker.TryCapture(iov, count, out nint captured))
            {
                return captured;
            }
            var context = FuseMountContext.FromUserData(userData);
            if (AmendInitReply(iov, count, ref context.FirstReplyWritten))
            {
                initialized = context;
                if (context.Ring is { } ring && ring.AmendInitReply((byte*)iov[1].Base, (int)iov[1].Length))
                {
                    starting = ring;
                }
            }
        }
        catch (Exception ex)
        {
            // An exception must not cross into libfuse: the message still goes out, as libfuse built it.
            FuseLog.StandardError.Unexpected("writev", ex, "sending the message unamended");
        }
        nint written = Libc.Writev(fd, iov, count);
        if (written < 0)
        {
            // libfuse reads errno right after this returns (ENOENT: the request was interrupted, not an error).
            Marshal.SetLastSystemError(Marshal.GetLastPInvokeError());
        }
        else
        {
            // The kernel processed the INIT reply inside this writev: the entries can register now.
            starting?.Start();
            initialized?.OnInitReplyWritten();
        }
        return written;
    }
}
