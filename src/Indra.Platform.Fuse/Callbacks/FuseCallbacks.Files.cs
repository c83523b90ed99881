using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary>
    /// <c>create(req, parent, name, mode, fi)</c>. If the kernel never receives the reply, release is never called
    /// (<c>fuse_lowlevel.h</c>), so the handle is released and the lookup reference given back here.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Create(nint request, ulong parent, byte* namePointer, uint mode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            int flags = WritebackOpenFlags.Of(fileInfo->Flags, context.WritebackCache);
            Errno result = context.FileSystem.Create(parent, name, mode & FileModes.PermissionMask, flags,
                FuseMountContext.Caller(request), out NodeAttributes attributes, out OpenResult open);
            if (context.Debug)
            {
                context.Log.Request($"create({parent}, \"{name}\", flags 0x{fileInfo->Flags:x}) -> {result} {attributes.Inode} handle {open.Handle}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            OpenReplies.Apply(fileInfo, open);
            if (reply.Create(attributes, fileInfo) != 0)
            {
                context.FileSystem.Release(attributes.Inode, open.Handle);
                context.FileSystem.Forget(attributes.Inode, 1);
            }
        }
        catch (Exception ex)
        {
            reply.Fail(context, "create", ex);
        }
    }

    /// <summary><c>open(req, ino, fi)</c>: the reply carries the handle and the keep_cache/direct_io bits.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Open(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            CallerContext caller = FuseMountContext.Caller(request);
            bool mayClear = (fileInfo->Flags & OpenFlags.Truncate) != 0 && SetIdBits.MayClear(context.FileSystem, inode, caller);
            Errno result = context.FileSystem.Open(inode, WritebackOpenFlags.Of(fileInfo->Flags, context.WritebackCache), caller, out OpenResult open);
            if (context.Debug)
            {
                context.Log.Request($"open({inode}, flags 0x{fileInfo->Flags:x}) -> {result} {open}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            if (mayClear)
            {
                SetIdBits.AfterContentChange(context, inode);
            }
            if (context.WritebackCache && open.KeepCache && (fileInfo->Flags & OpenFlags.AccessModeMask) == OpenFlags.ReadOnly
                && WritebackOpenFlags.ReadMovesAccessTime(context.FileSystem, inode))
            {
                open = open with { KeepCache = false };
            }
            OpenReplies.Apply(fileInfo, open);
            if (reply.Open(fileInfo) != 0)
            {
                context.FileSystem.Release(inode, open.Handle);
            }
        }
        catch (Exception ex)
        {
            reply.Fail(context, "open", ex);
        }
    }

    /// <summary>
    /// <c>read(req, ino, size, off, fi)</c>: a request of at least <see cref="FuseMountContext.SpliceMinimum"/> bytes
    /// that the filesystem answers with a range of a block file is sent from the file (<c>fuse_reply_data</c>, spliced);
    /// any other fills a pooled native buffer and sends it with <c>fuse_reply_buf</c>.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Read(nint request, ulong inode, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            int length = (int)Math.Min(size, int.MaxValue);
            if (context.SpliceMinimum > 0 && length >= context.SpliceMinimum && length <= context.SpliceMaximum
                && context.FileSystem.ReadAsFileRange(inode, fileInfo->Fh, offset, length) is { } range)
            {
                using (range)
                {
                    if (context.Debug)
                    {
                        context.Log.Request($"read({inode}, handle {fileInfo->Fh}, {length} @ {offset}) -> {range.Length} from a block file");
                    }
                    reply.FileRange(range.Descriptor, range.Position, (nuint)range.Length);
                }
                return;
            }
            using NativeBuffer buffer = context.ReplyBuffer((nuint)length);
            Errno result = context.FileSystem.Read(inode, fileInfo->Fh, offset, buffer.AsSpan(length), out int bytesRead);
            if (context.Debug)
            {
                context.Log.Request($"read({inode}, handle {fileInfo->Fh}, {length} @ {offset}) -> {result} {bytesRead}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            if ((uint)bytesRead > (uint)length)
            {
                throw new InvalidOperationException($"Read reported {bytesRead} bytes for a {length}-byte request");
            }
            reply.Buffer(buffer.Pointer, (nuint)bytesRead);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "read", ex);
        }
    }

    /// <summary><c>write(req, ino, buf, size, off, fi)</c>: <paramref name="data"/> belongs to libfuse and dies with the
    /// call; the payload itself is usually in this thread's receive buffer (<see cref="WritePayloadReceiver"/>).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Write(nint request, ulong inode, byte* data, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            int length = checked((int)size);
            // The filesystem clears set-ID bits as the handle's opener; under the writeback cache the request comes
            // from the kernel's flusher, not the writer, so any file carrying a bit is re-read afterwards.
            CallerContext writer = context.WritebackCache ? SetIdBits.AnyWriter : FuseMountContext.Caller(request);
            bool mayClear = SetIdBits.MayClear(context.FileSystem, inode, writer);
            // The payload was read into an aligned buffer of this thread, which a block queued straight from it takes.
            byte* payload = WritePayloadReceiver.PayloadOf(data, length, out bool lent);
            Errno result;
            int written;
            try
            {
                result = context.FileSystem.Write(inode, fileInfo->Fh, offset, new ReadOnlySpan<byte>(payload, length), out written);
            }
            finally
            {
                if (lent) WritePayloadReceiver.EndWrite();
            }
            if (context.Debug)
            {
                context.Log.Request($"write({inode}, handle {fileInfo->Fh}, {length} @ {offset}) -> {result} {written}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            if ((uint)written > (uint)length)
            {
                throw new InvalidOperationException($"Write reported {written} bytes for a {length}-byte request");
            }
            if (mayClear)
            {
                SetIdBits.AfterContentChange(context, inode);
            }
            reply.Written((nuint)written);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "write", ex);
        }
    }

    /// <summary><c>flush(req, ino, fi)</c>: one per close(2) of a descriptor.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Flush(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.Flush(inode, fileInfo->Fh);
            if (context.Debug)
            {
                context.Log.Request($"flush({inode}, handle {fileInfo->Fh}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "flush", ex);
        }
    }

    /// <summary><c>release(req, ino, fi)</c>: the last close of an open handle (the kernel ignores the error).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Release(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            if (context.Releases is { } deferred)
            {
                // Over io_uring: answered now, released on the release thread (Hosting.Uring.DeferredReleases says why).
                ulong handle = fileInfo->Fh;
                reply.Error(Errno.None);
                if (!deferred.TryAdd(inode, handle))
                {
                    context.FileSystem.Release(inode, handle);
                }
                return;
            }
            Errno result = context.FileSystem.Release(inode, fileInfo->Fh);
            if (context.Debug)
            {
                context.Log.Request($"release({inode}, handle {fileInfo->Fh}) -> {result}");
            }
            if (result != Errno.None)
            {
                context.Log.Warn($"fuse release({inode}, handle {fileInfo->Fh}) failed with {result}; the kernel ignores release errors");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "release", ex);
        }
    }

    /// <summary><c>fsync(req, ino, datasync, fi)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Fsync(nint request, ulong inode, int dataOnly, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.Fsync(inode, fileInfo->Fh, dataOnly != 0);
            if (context.Debug)
            {
                context.Log.Request($"fsync({inode}, handle {fileInfo->Fh}, datasync {dataOnly}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "fsync", ex);
        }
    }
}
