using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// PRJ_NOTIFICATION_PARAMETERS, a 4-byte union: PostCreate.NotificationMask, FileRenamed.NotificationMask, or
/// FileDeletedOnHandleClose.IsFileModified (BOOLEAN) (projfs.md §2.5).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal struct PrjNotificationParameters
{
    /// <summary>PostCreate.NotificationMask and FileRenamed.NotificationMask.</summary>
    [FieldOffset(0)]
    public PrjNotifyTypes NotificationMask;

    /// <summary>FileDeletedOnHandleClose.IsFileModified (BOOLEAN).</summary>
    [FieldOffset(0)]
    public byte IsFileModified;
}
