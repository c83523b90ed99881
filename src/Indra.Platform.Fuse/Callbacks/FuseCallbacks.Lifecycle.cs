using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

internal static unsafe partial class FuseCallbacks
{
    /// <summary><c>init(userdata, conn)</c>: negotiates capabilities; libfuse sends the INIT reply after it returns.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Init(nint userData, FuseConnInfo* connection)
    {
        FuseMountContext? context = null;
        try
        {
            context = FuseMountContext.FromUserData(userData);
            ConnectionNegotiation.Apply(connection, context.WritebackCache, context.Ring is not null);
            connection->MaxRead = (uint)context.MaxRead;
            if (SplicedReplies.Negotiated(connection))
            {
                context.SpliceMaximum = SplicedReplies.Largest();
                context.SpliceMinimum = SplicedReplies.Smallest;
            }
            var negotiated = new NegotiatedConnection(
                connection->ProtoMajor, connection->ProtoMinor, connection->MaxWrite, connection->MaxReadahead,
                connection->Capable, connection->Want);
            if (context.Debug)
            {
                context.Log.Request($"init: protocol {negotiated.ProtocolMajor}.{negotiated.ProtocolMinor}, " +
                    $"max_write {negotiated.MaxWrite}, max_readahead {negotiated.MaxReadahead}, " +
                    $"capable 0x{negotiated.Capable:x}, want 0x{negotiated.Want:x}");
            }
            context.OnInitialized(negotiated);
        }
        catch (Exception ex)
        {
            (context?.Log ?? FuseLog.StandardError).Unexpected("init", ex, "keeping libfuse's defaults");
        }
    }

    /// <summary><c>destroy(userdata)</c>: the session is ending; flushing happens on the loop thread afterwards.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void Destroy(nint userData)
    {
        try
        {
            var context = FuseMountContext.FromUserData(userData);
            if (context.Debug)
            {
                context.Log.Request("destroy");
            }
        }
        catch (Exception ex)
        {
            FuseLog.StandardError.Unexpected("destroy", ex, "ignoring it");
        }
    }
}
