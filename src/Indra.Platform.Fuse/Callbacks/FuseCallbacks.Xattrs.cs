using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary>XATTR_SIZE_MAX: the kernel answers E2BIG itself beyond it, so a larger size never comes from it.</summary>
    private const nuint XattrSizeMax = 65536;

    /// <summary>
    /// <c>setxattr(req, ino, name, value, size, flags)</c>: XATTR_CREATE/XATTR_REPLACE pass through. A size over
    /// <see cref="XattrSizeMax"/> is E2BIG before anything is read.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SetXattr(nint request, ulong inode, byte* namePointer, byte* value, nuint size, int flags)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            if (size > XattrSizeMax)
            {
                reply.Error(Errno.E2BIG);
                return;
            }
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.SetExtendedAttribute(
                inode, name, new ReadOnlySpan<byte>(value, (int)size), (XattrFlags)flags);
            if (context.Debug)
            {
                context.Log.Request($"setxattr({inode}, \"{name}\", {size} bytes, flags {flags}) -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "setxattr", ex);
        }
    }

    /// <summary>
    /// <c>getxattr(req, ino, name, size)</c>: size 0 is a probe answered with <c>fuse_reply_xattr(length)</c>; a value
    /// longer than a non-zero size is ERANGE (getxattr(2)).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void GetXattr(nint request, ulong inode, byte* namePointer, nuint size)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.GetExtendedAttribute(inode, name, out byte[] value);
            if (context.Debug)
            {
                context.Log.Request($"getxattr({inode}, \"{name}\", {size}) -> {result} {value?.Length ?? 0} bytes");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            ReplySized(ref reply, value ?? throw new InvalidOperationException("GetExtendedAttribute succeeded without a value"), size);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "getxattr", ex);
        }
    }

    /// <summary><c>listxattr(req, ino, size)</c>: the names, each followed by a NUL; same probe and ERANGE rules as getxattr.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ListXattr(nint request, ulong inode, nuint size)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            Errno result = context.FileSystem.ListExtendedAttributes(inode, out IReadOnlyList<string> names);
            if (context.Debug)
            {
                context.Log.Request($"listxattr({inode}, {size}) -> {result} {names?.Count ?? 0} names");
            }
            if (result != Errno.None)
            {
                reply.Error(result);
                return;
            }
            if (names is null)
            {
                throw new InvalidOperationException("ListExtendedAttributes succeeded without a list");
            }
            int total = 0;
            foreach (string name in names)
            {
                total = checked(total + NameBytes.ByteCount(name) + 1);
            }
            if (size == 0)
            {
                reply.XattrSize((nuint)total);
                return;
            }
            if ((nuint)total > size)
            {
                reply.Error(Errno.ERANGE);
                return;
            }
            using NativeBuffer buffer = context.ReplyBuffer((nuint)Math.Max(total, 1));
            Span<byte> list = buffer.AsSpan(total);
            int used = 0;
            foreach (string name in names)
            {
                used += NameBytes.Encode(name, list[used..]);
                list[used++] = 0;
            }
            reply.Buffer(buffer.Pointer, (nuint)used);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "listxattr", ex);
        }
    }

    /// <summary><c>removexattr(req, ino, name)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void RemoveXattr(nint request, ulong inode, byte* namePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.RemoveExtendedAttribute(inode, name);
            if (context.Debug)
            {
                context.Log.Request($"removexattr({inode}, \"{name}\") -> {result}");
            }
            reply.Error(result);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "removexattr", ex);
        }
    }

    private static void ReplySized(ref FuseReply reply, byte[] value, nuint size)
    {
        if (size == 0)
        {
            reply.XattrSize((nuint)value.Length);
            return;
        }
        if ((nuint)value.Length > size)
        {
            reply.Error(Errno.ERANGE);
            return;
        }
        fixed (byte* data = value)
        {
            reply.Buffer(data, (nuint)value.Length);
        }
    }
}
