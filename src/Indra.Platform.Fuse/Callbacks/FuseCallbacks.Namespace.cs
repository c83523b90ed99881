using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary>
    /// <c>mknod(req, parent, name, mode, rdev)</c>. FIFOs (mkfifo(3)), sockets (bind(2) of a Unix socket) and character
    /// and block devices become vault nodes with <paramref name="mode"/> and <paramref name="device"/> stored as given;
    /// the kernel keeps their opens and I/O to itself. A regular file (type S_IFREG or 0) is a create immediately
    /// followed by a release (the kernel uses <c>create</c> for open(O_CREAT); mknod arrives from mknod(2) itself).
    /// Another type is EINVAL, as mknod(2) answers.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MkNod(nint request, ulong parent, byte* namePointer, uint mode, ulong device)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            NodeKind? kind = FileModes.TryKindOf(mode);
            if (kind is not NodeKind.File && kind?.IsSpecial() != true)
            {
                reply.Error(Errno.EINVAL);
                return;
            }
            string name = Utf8Names.Decode(namePointer);
            Errno result;
            NodeAttributes attributes;
            if (kind == NodeKind.File)
            {
                result = CreateAndRelease(context, request, parent, name, mode, out attributes);
            }
            else
            {
                result = context.FileSystem.MakeNode(parent, name, mode & (FileModes.TypeMask | FileModes.PermissionMask),
                    device, FuseMountContext.Caller(request), out attributes);
            }
            if (context.Debug)
            {
                context.Log.Request($"mknod({parent}, \"{name}\", 0{Convert.ToString(mode, 8)}, {device}) -> {result}");
            }
            ReplyWithEntry(ref reply, context, result, attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "mknod", ex);
        }
    }

    /// <summary>mknod(2) of a regular file: an exclusive create whose handle is released at once.</summary>
    private static Errno CreateAndRelease(FuseMountContext context, nint request, ulong parent, string name, uint mode, out NodeAttributes attributes)
    {
        const int flags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive;
        Errno result = context.FileSystem.Create(parent, name, mode & FileModes.PermissionMask, flags,
            FuseMountContext.Caller(request), out attributes, out OpenResult open);
        if (result == Errno.None)
        {
            Errno released = context.FileSystem.Release(attributes.Inode, open.Handle);
            if (released != Errno.None)
            {
                context.Log.Warn($"fuse mknod({parent}, \"{name}\"): release after create failed with {released}");
            }
        }
        return result;
    }

    /// <summary><c>mkdir(req, parent, name, mode)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void MkDir(nint request, ulong parent, byte* namePointer, uint mode)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.MakeDirectory(parent, name, mode & FileModes.PermissionMask,
                FuseMountContext.Caller(request), out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"mkdir({parent}, \"{name}\") -> {result} {attributes.Inode}");
            }
            ReplyWithEntry(ref reply, context, result, attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "mkdir", ex);
        }
    }

    /// <summary><c>unlink(req, parent, name)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Unlink(nint request, ulong parent, byte* namePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.Unlink(parent, name);
            if (context.Debug)
            {
                context.Log.Request($"unlink({parent}, \"{name}\") -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "unlink", ex);
        }
    }

    /// <summary><c>rmdir(req, parent, name)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void RmDir(nint request, ulong parent, byte* namePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.RemoveDirectory(parent, name);
            if (context.Debug)
            {
                context.Log.Request($"rmdir({parent}, \"{name}\") -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "rmdir", ex);
        }
    }

    /// <summary><c>symlink(req, link, parent, name)</c>: <paramref name="targetPointer"/> is the link's content.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SymLink(nint request, byte* targetPointer, ulong parent, byte* namePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            string target = Utf8Names.Decode(targetPointer);
            Errno result = context.FileSystem.SymLink(parent, name, target, FuseMountContext.Caller(request),
                out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"symlink({parent}, \"{name}\" -> \"{target}\") -> {result} {attributes.Inode}");
            }
            ReplyWithEntry(ref reply, context, result, attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "symlink", ex);
        }
    }

    /// <summary><c>rename(req, parent, name, newparent, newname, flags)</c>: renameat2 flags pass through unchanged.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Rename(nint request, ulong parent, byte* namePointer, ulong newParent, byte* newNamePointer, uint flags)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            string newName = Utf8Names.Decode(newNamePointer);
            Errno result = context.FileSystem.Rename(parent, name, newParent, newName, (RenameFlags)(int)flags);
            if (context.Debug)
            {
                context.Log.Request($"rename({parent}, \"{name}\", {newParent}, \"{newName}\", {flags}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "rename", ex);
        }
    }

    /// <summary><c>link(req, ino, newparent, newname)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Link(nint request, ulong inode, ulong newParent, byte* newNamePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string newName = Utf8Names.Decode(newNamePointer);
            Errno result = context.FileSystem.Link(inode, newParent, newName, out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"link({inode}, {newParent}, \"{newName}\") -> {result}");
            }
            ReplyWithEntry(ref reply, context, result, attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "link", ex);
        }
    }

    /// <summary><c>readlink(req, ino)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ReadLink(nint request, ulong inode)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.ReadLink(inode, out string target);
            if (context.Debug)
            {
                context.Log.Request($"readlink({inode}) -> {result}");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            int size = Utf8Names.MaxEncodedLength(target);
            using NativeBuffer buffer = context.ReplyBuffer((nuint)size);
            Utf8Names.Encode(target, buffer.AsSpan(size));
            reply.Readlink(buffer.Pointer);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "readlink", ex);
        }
    }
}
