using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>PRJ_NOTIFICATION_MAPPING, 16 bytes on x64 (projfs.md §2.4). The root string must outlive the instance.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjNotificationMapping
{
    /// <summary>PRJ_NOTIFY_TYPES at offset 0.</summary>
    public PrjNotifyTypes NotificationBitMask;
    /// <summary>PCWSTR at offset 8, relative to the root ("" = the root).</summary>
    public char* NotificationRoot;
}
