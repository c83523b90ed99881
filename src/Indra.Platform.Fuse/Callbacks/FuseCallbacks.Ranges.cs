using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary><c>fallocate(req, ino, mode, offset, length, fi)</c>: the kernel passes only KEEP_SIZE, PUNCH_HOLE and ZERO_RANGE.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Fallocate(nint request, ulong inode, int mode, long offset, long length, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            bool mayClear = (mode & (FallocateModes.PunchHole | FallocateModes.ZeroRange)) != 0
                && SetIdBits.MayClear(context.FileSystem, inode, FuseMountContext.Caller(request));
            Errno result = context.FileSystem.Allocate(inode, fileInfo->Fh, mode, offset, length);
            if (context.Debug)
            {
                context.Log.Request($"fallocate({inode}, handle {fileInfo->Fh}, mode 0x{mode:x}, {length} @ {offset}) -> {result}");
            }
            if (result == Errno.None && mayClear)
            {
                SetIdBits.AfterContentChange(context, inode);
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "fallocate", ex);
        }
    }

    /// <summary><c>lseek(req, ino, off, whence, fi)</c>: only SEEK_DATA and SEEK_HOLE reach the filesystem.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Lseek(nint request, ulong inode, long offset, int whence, FuseFileInfo* fileInfo)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.Seek(inode, fileInfo->Fh, offset, whence, out long position);
            if (context.Debug)
            {
                context.Log.Request($"lseek({inode}, handle {fileInfo->Fh}, {offset}, whence {whence}) -> {result} {position}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            reply.Seeked(position);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "lseek", ex);
        }
    }

    /// <summary>Largest length passed on in one request (the kernel caps copy_file_range at MAX_RW_COUNT, below 2 GiB).</summary>
    private const long MaxCopyLength = int.MaxValue;

    /// <summary><c>copy_file_range(req, ino_in, off_in, fi_in, ino_out, off_out, fi_out, len, flags)</c>: replied with the bytes copied.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void CopyFileRange(nint request, ulong inodeIn, long offsetIn, FuseFileInfo* fileInfoIn, ulong inodeOut, long offsetOut,
        FuseFileInfo* fileInfoOut, nuint length, int flags)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            if (flags != 0)
            {
                reply.Error(Errno.EINVAL);
                return;
            }
            long asked = length > (nuint)MaxCopyLength ? MaxCopyLength : (long)length;
            bool mayClear = SetIdBits.MayClear(context.FileSystem, inodeOut, FuseMountContext.Caller(request));
            Errno result = context.FileSystem.CopyRange(inodeIn, fileInfoIn->Fh, offsetIn, inodeOut, fileInfoOut->Fh, offsetOut, asked, out long copied);
            if (context.Debug)
            {
                context.Log.Request($"copy_file_range({inodeIn} @ {offsetIn} -> {inodeOut} @ {offsetOut}, {asked}) -> {result} {copied}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            if (mayClear)
            {
                SetIdBits.AfterContentChange(context, inodeOut);
            }
            reply.Written((nuint)copied);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "copy_file_range", ex);
        }
    }
}
