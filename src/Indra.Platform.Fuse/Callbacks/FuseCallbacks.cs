using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;

namespace Indra.Platform.Fuse.Callbacks;

/// <summary>
/// The static <c>[UnmanagedCallersOnly]</c> entry points libfuse calls, one partial file per group of operations.
/// Each one translates the request into one <see cref="IVaultFileSystem"/> call and replies exactly once; any
/// exception is caught at this boundary, logged, and answered with EIO (forget, forget_multi, init and destroy
/// never reply with an error and never let an exception escape: one escaping would abort the process).
/// </summary>
internal static unsafe partial class FuseCallbacks
{
    /// <summary>
    /// Replies to an operation that created or found a node and took one lookup reference on it. If the kernel never
    /// receives the entry (the reply failed, e.g. an interrupted request), that reference is given back so that the
    /// count keeps matching what the kernel holds.
    /// </summary>
    private static void ReplyWithEntry(ref FuseReply reply, FuseMountContext context, Errno result, in NodeAttributes attributes)
    {
        if (result != Errno.None)
        {
            reply.Error(result);
            return;
        }
        int sent = reply.Entry(attributes);
        if (sent != 0)
        {
            context.FileSystem.Forget(attributes.Inode, 1);
            if (context.Debug)
            {
                context.Log.Request($"entry reply for inode {attributes.Inode} not delivered ({sent}); lookup reference returned");
            }
        }
    }
}
