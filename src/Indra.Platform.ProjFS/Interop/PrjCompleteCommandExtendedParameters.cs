using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// PRJ_COMPLETE_COMMAND_EXTENDED_PARAMETERS, 16 bytes on x64: CommandType at 0 (1 = notification, 2 = enumeration),
/// a union at 8 (projfs.md §2.2).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct PrjCompleteCommandExtendedParameters
{
    /// <summary>PRJ_COMPLETE_COMMAND_TYPE_NOTIFICATION.</summary>
    public const uint TypeNotification = 1;
    /// <summary>PRJ_COMPLETE_COMMAND_TYPE_ENUMERATION.</summary>
    public const uint TypeEnumeration = 2;

    /// <summary>PRJ_COMPLETE_COMMAND_TYPE at offset 0.</summary>
    [FieldOffset(0)]
    public uint CommandType;

    /// <summary>Notification.NotificationMask at offset 8.</summary>
    [FieldOffset(8)]
    public PrjNotifyTypes NotificationMask;

    /// <summary>Enumeration.DirEntryBufferHandle at offset 8.</summary>
    [FieldOffset(8)]
    public nint DirEntryBufferHandle;
}
