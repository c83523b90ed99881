using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_STARTVIRTUALIZING_OPTIONS, 32 bytes on x64 (projfs.md §2.4).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjStartVirtualizingOptions
{
    /// <summary>PRJ_STARTVIRTUALIZING_FLAGS at offset 0.</summary>
    public PrjStartVirtualizingFlags Flags;
    /// <summary>UINT32 at offset 4 (0 = twice ConcurrentThreadCount).</summary>
    public uint PoolThreadCount;
    /// <summary>UINT32 at offset 8 (0 = logical CPUs).</summary>
    public uint ConcurrentThreadCount;
    /// <summary>PRJ_NOTIFICATION_MAPPING* at offset 16.</summary>
    public PrjNotificationMapping* NotificationMappings;
    /// <summary>UINT32 at offset 24.</summary>
    public uint NotificationMappingsCount;
}
