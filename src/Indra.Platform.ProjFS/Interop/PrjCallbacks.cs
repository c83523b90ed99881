using System.Runtime.InteropServices;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Interop;

/// <summary>
/// PRJ_CALLBACKS, 64 bytes: eight stdcall function pointers in the header's order Start, End, Get, then
/// GetPlaceholderInfo, GetFileData, QueryFileName, Notification, CancelCommand (projfs.md §2.3).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PrjCallbacks
{
    /// <summary>Offset 0 (required).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, Guid*, int> StartDirectoryEnumerationCallback;
    /// <summary>Offset 8 (required).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, Guid*, int> EndDirectoryEnumerationCallback;
    /// <summary>Offset 16 (required).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, Guid*, char*, nint, int> GetDirectoryEnumerationCallback;
    /// <summary>Offset 24 (required).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, int> GetPlaceholderInfoCallback;
    /// <summary>Offset 32 (required).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, ulong, uint, int> GetFileDataCallback;
    /// <summary>Offset 40 (optional).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, int> QueryFileNameCallback;
    /// <summary>Offset 48 (optional).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, byte, PrjNotification, char*, PrjNotificationParameters*, int> NotificationCallback;
    /// <summary>Offset 56 (optional).</summary>
    public delegate* unmanaged[Stdcall]<PrjCallbackData*, void> CancelCommandCallback;
}
