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
    /// <c>opendir(req, ino, fi)</c>. Vault directories get <c>cache_readdir</c> and <c>keep_cache</c>: the kernel keeps
    /// the listing and checks it against the directory's mtime and its own change counter at each opendir, so a
    /// repeated listing costs this one round trip; remote changes arrive as inval_inode, which drops it.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void OpenDir(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.OpenDirectory(inode, FuseMountContext.Caller(request), out ulong handle);
            if (context.Debug)
            {
                context.Log.Request($"opendir({inode}) -> {result} handle {handle}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            fileInfo->Fh = handle;
            if (context.FileSystem.MayCacheListing(inode))
            {
                fileInfo->Bits |= FuseFileInfo.CacheReaddir | FuseFileInfo.KeepCache;
            }
            if (reply.Open(fileInfo) != 0)
            {
                context.FileSystem.ReleaseDirectory(inode, handle);
            }
        }
        catch (Exception ex)
        {
            reply.Fail(context, "opendir", ex);
        }
    }

    /// <summary><c>readdir(req, ino, size, off, fi)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ReadDir(nint request, ulong inode, nuint size, long offset, FuseFileInfo* fileInfo) =>
        ListDirectory(request, inode, size, offset, fileInfo, plus: false);

    /// <summary><c>readdirplus(req, ino, size, off, fi)</c>: every entry but "." and ".." adds one lookup count.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ReadDirPlus(nint request, ulong inode, nuint size, long offset, FuseFileInfo* fileInfo) =>
        ListDirectory(request, inode, size, offset, fileInfo, plus: true);

    /// <summary><c>releasedir(req, ino, fi)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ReleaseDir(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.ReleaseDirectory(inode, fileInfo->Fh);
            if (context.Debug)
            {
                context.Log.Request($"releasedir({inode}, handle {fileInfo->Fh}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "releasedir", ex);
        }
    }

    /// <summary><c>fsyncdir(req, ino, datasync, fi)</c>: makes the directory's entries durable (careful writers fsync
    /// the directory after a create or rename).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void FsyncDir(nint request, ulong inode, int dataOnly, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.FsyncDirectory(inode, fileInfo == null ? 0 : fileInfo->Fh);
            if (context.Debug)
            {
                context.Log.Request($"fsyncdir({inode}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "fsyncdir", ex);
        }
    }

    /// <summary>
    /// Shared body of readdir and readdirplus: lists from cookie <paramref name="offset"/> into a pooled buffer of
    /// <paramref name="size"/> bytes, at most <see cref="NativeBufferPool.BufferSize"/> (the kernel asks for a page or
    /// a few; a listing may always return fewer entries than fit, and the kernel asks again from the last cookie), so
    /// a request's memory does not depend on what the kernel asks for or on the size of the directory. An error after some entries were accepted still sends those entries (as the
    /// libfuse examples do): an error reply would leave the lookup counts the filesystem took unmatched.
    /// </summary>
    private static void ListDirectory(nint request, ulong inode, nuint size, long offset, FuseFileInfo* fileInfo, bool plus)
    {
        string operation = plus ? "readdirplus" : "readdir";
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        DirectoryFiller? filler = null;
        NativeBuffer buffer = default;
        try
        {
            context = FuseMountContext.FromRequest(request);
            size = Math.Min(size, NativeBufferPool.BufferSize);
            buffer = context.ReplyBuffer(size);
            filler = DirectoryFiller.ForCurrentThread();
            DirectoryEntrySink sink = filler.Begin(request, buffer.Pointer, size, plus);
            Errno result = context.FileSystem.ReadDirectory(inode, fileInfo->Fh, offset, plus, sink);
            if (context.Debug)
            {
                context.Log.Request($"{operation}({inode}, handle {fileInfo->Fh}, cookie {offset}, {size} bytes) -> {result}, {filler.Used} bytes");
            }
            if (result != Errno.None && filler.Used == 0)
            {
                reply.Error(result);
                return;
            }
            if (result != Errno.None)
            {
                context.Log.Warn($"fuse {operation}({inode}) failed with {result} after {filler.Used} bytes; sending those entries");
            }
            SendListing(ref reply, context, filler, buffer);
        }
        catch (Exception ex)
        {
            if (context is not null && filler is { Used: > 0 } && !reply.Sent)
            {
                context.Log.Unexpected(operation, ex, $"sending the {filler.Used} bytes of entries already accepted");
                try
                {
                    SendListing(ref reply, context, filler, buffer);
                }
                catch (Exception second)
                {
                    reply.Fail(context, operation, second);
                }
            }
            else
            {
                reply.Fail(context, operation, ex);
            }
        }
        finally
        {
            filler?.End();
            buffer.Dispose();
        }
    }

    private static void SendListing(ref FuseReply reply, FuseMountContext context, DirectoryFiller filler, in NativeBuffer buffer)
    {
        int sent = reply.Buffer(buffer.Pointer, filler.Used);
        if (sent == 0)
        {
            return;
        }
        foreach (ulong inode in filler.Counted)
        {
            context.FileSystem.Forget(inode, 1);
        }
        if (context.Debug)
        {
            context.Log.Request($"directory reply not delivered ({sent}); {filler.Counted.Count} lookup references returned");
        }
    }
}
