using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary><c>getattr(req, ino, fi)</c>; <paramref name="fileInfo"/> is unused (NULL unless FUSE_GETATTR_FH).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void GetAttr(nint request, ulong inode, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.GetAttributes(inode, out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"getattr({inode}) -> {result}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            reply.Attributes(attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "getattr", ex);
        }
    }

    /// <summary>
    /// <c>setattr(req, ino, attr, to_set, fi)</c>: chmod, chown, truncate and utimens. <paramref name="fileInfo"/> is
    /// NULL unless the change came through an open descriptor (ftruncate), in which case its handle is passed on.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetAttr(nint request, ulong inode, void* attr, int toSet, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            SetAttributesRequest change = NativeStat.ReadSetAttributes(attr, toSet);
            ulong? handle = fileInfo == null ? null : fileInfo->Fh;
            Errno result = context.FileSystem.SetAttributes(
                inode, change, handle, FuseMountContext.Caller(request), out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"setattr({inode}, {change.Fields}, handle {handle?.ToString() ?? "none"}) -> {result}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            reply.Attributes(attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "setattr", ex);
        }
    }

    /// <summary><c>statfs(req, ino)</c>: the figures are the same for every inode.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void StatFs(nint request, ulong inode)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.GetStatistics(out FileSystemStatistics statistics);
            if (context.Debug)
            {
                context.Log.Request($"statfs({inode}) -> {result}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            StatVfs native = default;
            native.FBsize = statistics.BlockSize;
            native.FFrsize = statistics.BlockSize;
            native.FBlocks = statistics.TotalBlocks;
            native.FBfree = statistics.FreeBlocks;
            native.FBavail = statistics.AvailableBlocks;
            native.FFiles = statistics.TotalFiles;
            native.FFfree = statistics.FreeFiles;
            native.FFavail = statistics.FreeFiles;
            native.FNamemax = statistics.MaxNameLength;
            reply.Statfs(&native);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "statfs", ex);
        }
    }
}
