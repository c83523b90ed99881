using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary><c>lookup(req, parent, name)</c>: ENOENT becomes a negative entry (<see cref="FuseTimeouts.NegativeEntry"/>).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Lookup(nint request, ulong parent, byte* namePointer)
    {
        var reply = new FuseReply(request);
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            string name = Utf8Names.Decode(namePointer);
            Errno result = context.FileSystem.Lookup(parent, name, out NodeAttributes attributes);
            if (context.Debug)
            {
                context.Log.Request($"lookup({parent}, \"{name}\") -> {result} {attributes.Inode}");
            }
            if (result == Errno.ENOENT)
            {
                reply.NegativeEntry();
                return;
            }
            ReplyWithEntry(ref reply, context, result, attributes);
        }
        catch (Exception ex)
        {
            reply.Fail(context, "lookup", ex);
        }
    }

    /// <summary><c>forget(req, ino, nlookup)</c>: answered with <c>fuse_reply_none</c>, whatever happens.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Forget(nint request, ulong inode, ulong count)
    {
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            context.FileSystem.Forget(inode, count);
            if (context.Debug)
            {
                context.Log.Request($"forget({inode}, {count})");
            }
        }
        catch (Exception ex)
        {
            (context?.Log ?? FuseLog.StandardError).Unexpected("forget", ex, "replying none");
        }
        finally
        {
            LibFuse.ReplyNone(request);
        }
    }

    /// <summary><c>forget_multi(req, count, forgets)</c>: each element is applied on its own; one reply for the batch.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void ForgetMulti(nint request, nuint count, FuseForgetData* forgets)
    {
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromRequest(request);
            for (nuint i = 0; i < count; i++)
            {
                try
                {
                    context.FileSystem.Forget(forgets[i].Ino, forgets[i].Nlookup);
                }
                catch (Exception ex)
                {
                    context.Log.Unexpected($"forget_multi (inode {forgets[i].Ino})", ex, "continuing with the batch");
                }
            }
            if (context.Debug)
            {
                context.Log.Request($"forget_multi({count})");
            }
        }
        catch (Exception ex)
        {
            (context?.Log ?? FuseLog.StandardError).Unexpected("forget_multi", ex, "replying none");
        }
        finally
        {
            LibFuse.ReplyNone(request);
        }
    }
}
