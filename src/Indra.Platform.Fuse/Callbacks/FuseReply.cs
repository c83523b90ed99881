using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

/// <summary>
/// The one reply a request gets (<c>fuse_lowlevel.h</c>: "the request handle must be passed to exactly one reply
/// function"). A second reply throws before touching native code, and <see cref="Fail"/> answers EIO only if nothing
/// was sent yet, so a bug becomes a log line rather than a use-after-free or a hung caller. Reply methods return
/// libfuse's result: 0, or -errno when the kernel did not get the reply (e.g. -ENOENT for an interrupted request).
/// </summary>
internal unsafe struct FuseReply
{
    private readonly nint request;
    private bool sent;

    /// <summary>Wraps <paramref name="request"/> (a <c>fuse_req_t</c>).</summary>
    public FuseReply(nint request) => this.request = request;

    /// <summary>Whether a reply was sent.</summary>
    public readonly bool Sent => sent;

    /// <summary>
    /// <c>fuse_reply_err</c> with the platform's positive number for <paramref name="errno"/>
    /// (<see cref="ErrnoTables.Current"/>); <see cref="Errno.None"/> is success.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="errno"/> is not a member of the enum (nothing is sent).</exception>
    public int Error(Errno errno)
    {
        int value = ErrnoTables.Current.ToNative(errno);
        MarkSent(failed: errno != Errno.None);
        return LibFuse.ReplyErr(request, value);
    }

    /// <summary><c>fuse_reply_err(req, 0)</c>.</summary>
    public int Success() => Error(Errno.None);

    /// <summary><c>fuse_reply_none</c>.</summary>
    public void None()
    {
        MarkSent();
        LibFuse.ReplyNone(request);
    }

    /// <summary><c>fuse_reply_entry</c> for a node the filesystem counted one lookup on.</summary>
    public int Entry(in NodeAttributes attributes)
    {
        MarkSent();
        if (NativeStat.IsArm64)
        {
            FuseEntryParamArm64 entry = default;
            EntryParams.Fill(&entry, attributes);
            return LibFuse.ReplyEntry(request, &entry);
        }
        FuseEntryParam x64Entry = default;
        EntryParams.Fill(&x64Entry, attributes);
        return LibFuse.ReplyEntry(request, &x64Entry);
    }

    /// <summary><c>fuse_reply_entry</c> with <c>ino = 0</c>: a negative dentry cached for <see cref="FuseTimeouts.NegativeEntry"/>.</summary>
    public int NegativeEntry()
    {
        MarkSent();
        if (NativeStat.IsArm64)
        {
            FuseEntryParamArm64 entry = default;
            entry.EntryTimeout = FuseTimeouts.NegativeEntry;
            return LibFuse.ReplyEntry(request, &entry);
        }
        FuseEntryParam x64Entry = default;
        x64Entry.EntryTimeout = FuseTimeouts.NegativeEntry;
        return LibFuse.ReplyEntry(request, &x64Entry);
    }

    /// <summary><c>fuse_reply_create</c>; <paramref name="fileInfo"/> already carries the handle and open bits.</summary>
    public int Create(in NodeAttributes attributes, FuseFileInfo* fileInfo)
    {
        MarkSent();
        if (NativeStat.IsArm64)
        {
            FuseEntryParamArm64 entry = default;
            EntryParams.Fill(&entry, attributes);
            return LibFuse.ReplyCreate(request, &entry, fileInfo);
        }
        FuseEntryParam x64Entry = default;
        EntryParams.Fill(&x64Entry, attributes);
        return LibFuse.ReplyCreate(request, &x64Entry, fileInfo);
    }

    /// <summary><c>fuse_reply_attr</c> with <see cref="FuseTimeouts.Attributes"/>.</summary>
    public int Attributes(in NodeAttributes attributes)
    {
        MarkSent();
        if (NativeStat.IsArm64)
        {
            StatArm64 stat = default;
            NativeStat.Fill(&stat, attributes);
            return LibFuse.ReplyAttr(request, &stat, FuseTimeouts.Attributes);
        }
        Stat x64Stat = default;
        NativeStat.Fill(&x64Stat, attributes);
        return LibFuse.ReplyAttr(request, &x64Stat, FuseTimeouts.Attributes);
    }

    /// <summary><c>fuse_reply_readlink</c> with a NUL-terminated target.</summary>
    public int Readlink(byte* target)
    {
        MarkSent();
        return LibFuse.ReplyReadlink(request, target);
    }

    /// <summary><c>fuse_reply_open</c> (open and opendir).</summary>
    public int Open(FuseFileInfo* fileInfo)
    {
        MarkSent();
        return LibFuse.ReplyOpen(request, fileInfo);
    }

    /// <summary><c>fuse_reply_write</c>.</summary>
    public int Written(nuint count)
    {
        MarkSent();
        return LibFuse.ReplyWrite(request, count);
    }

    /// <summary><c>fuse_reply_lseek</c>: the resulting offset in bytes.</summary>
    public int Seeked(long offset)
    {
        MarkSent();
        return LibFuse.ReplyLseek(request, offset);
    }

    /// <summary><c>fuse_reply_buf</c>; libfuse copies the bytes before returning.</summary>
    public int Buffer(byte* data, nuint size)
    {
        MarkSent((long)size);
        return LibFuse.ReplyBuf(request, data, size);
    }

    /// <summary>
    /// <c>fuse_reply_data</c> with one fd-backed buffer: <paramref name="size"/> bytes of descriptor
    /// <paramref name="descriptor"/> from byte <paramref name="position"/> (<c>FUSE_BUF_IS_FD | FUSE_BUF_FD_SEEK</c>,
    /// with <c>FUSE_BUF_FD_RETRY</c> so a short splice is continued). libfuse splices them file to pipe to device when
    /// the connection allows it and otherwise reads them into a buffer of its own; either way the descriptor is no
    /// longer used once this returns. Fewer bytes are sent only if the file ends early.
    /// </summary>
    public int FileRange(int descriptor, long position, nuint size)
    {
        MarkSent((long)size);
        FuseBufVec data = default;
        data.Count = 1;
        data.Buf.BufSize = size;
        data.Buf.Flags = FuseBuf.IsFd | FuseBuf.FdSeek | FuseBuf.FdRetry;
        data.Buf.Fd = descriptor;
        data.Buf.Pos = position;
        return LibFuse.ReplyData(request, &data, 0);
    }

    /// <summary><c>fuse_reply_statfs</c>.</summary>
    public int Statfs(StatVfs* statistics)
    {
        MarkSent();
        return LibFuse.ReplyStatfs(request, statistics);
    }

    /// <summary><c>fuse_reply_xattr</c>: the answer to a size probe.</summary>
    public int XattrSize(nuint size)
    {
        MarkSent();
        return LibFuse.ReplyXattr(request, size);
    }

    /// <summary>Logs an unexpected exception and answers EIO unless a reply already went out.</summary>
    public void Fail(FuseMountContext? context, string operation, Exception exception)
    {
        var log = context?.Log ?? FuseLog.StandardError;
        if (sent)
        {
            log.Unexpected(operation, exception, "after the reply was sent");
            return;
        }
        log.Unexpected(operation, exception);
        sent = true;
        FuseRequestMetrics.End(0, failed: true);
        LibFuse.ReplyErr(request, ErrnoTables.Current.ToNative(Errno.EIO));
    }

    /// <summary>Marks the one reply as sent and ends the request for <see cref="FuseRequestMetrics"/>: a reply of
    /// <paramref name="bytes"/> bytes of data, or an error one (<paramref name="failed"/>).</summary>
    private void MarkSent(long bytes = 0, bool failed = false)
    {
        if (sent)
        {
            throw new InvalidOperationException("a FUSE request was about to be answered twice");
        }
        sent = true;
        FuseRequestMetrics.End(bytes, failed);
    }
}
