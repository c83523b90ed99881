using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Interop;

namespace Indra.Platform.ProjFS.Native;

/// <summary>
/// The native entry points ProjFS calls (PRJ_CALLBACKS): stdcall <see cref="UnmanagedCallersOnlyAttribute"/> methods
/// that copy PRJ_CALLBACK_DATA into managed form, find the provider through the instanceContext
/// <see cref="GCHandle"/>, and call <see cref="IProjFsCallbacks"/>. No managed exception crosses into native code:
/// one is written to standard error and reported as ERROR_INTERNAL_ERROR. They compile everywhere but only Windows
/// ever calls them.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class CallbackTrampolines
{
    /// <summary>The PRJ_CALLBACKS table pointing at these trampolines, in the header's member order.</summary>
    public static PrjCallbacks Table() => new()
    {
        StartDirectoryEnumerationCallback = &StartDirectoryEnumeration,
        EndDirectoryEnumerationCallback = &EndDirectoryEnumeration,
        GetDirectoryEnumerationCallback = &GetDirectoryEnumeration,
        GetPlaceholderInfoCallback = &GetPlaceholderInfo,
        GetFileDataCallback = &GetFileData,
        QueryFileNameCallback = &QueryFileName,
        NotificationCallback = &Notification,
        CancelCommandCallback = &CancelCommand,
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int StartDirectoryEnumeration(PrjCallbackData* data, Guid* enumerationId)
    {
        try
        {
            return Instance(data).Callbacks.StartDirectoryEnumeration(NativeMarshalling.ToManaged(data), *enumerationId);
        }
        catch (Exception exception)
        {
            return Fail(nameof(StartDirectoryEnumeration), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int EndDirectoryEnumeration(PrjCallbackData* data, Guid* enumerationId)
    {
        try
        {
            return Instance(data).Callbacks.EndDirectoryEnumeration(NativeMarshalling.ToManaged(data), *enumerationId);
        }
        catch (Exception exception)
        {
            return Fail(nameof(EndDirectoryEnumeration), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetDirectoryEnumeration(PrjCallbackData* data, Guid* enumerationId, char* searchExpression, nint dirEntryBufferHandle)
    {
        try
        {
            var expression = searchExpression is null ? null : new string(searchExpression);
            return Instance(data).Callbacks.GetDirectoryEnumeration(NativeMarshalling.ToManaged(data), *enumerationId, expression,
                new DirEntryBufferHandle(dirEntryBufferHandle));
        }
        catch (Exception exception)
        {
            return Fail(nameof(GetDirectoryEnumeration), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetPlaceholderInfo(PrjCallbackData* data)
    {
        try
        {
            return Instance(data).Callbacks.GetPlaceholderInfo(NativeMarshalling.ToManaged(data));
        }
        catch (Exception exception)
        {
            return Fail(nameof(GetPlaceholderInfo), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetFileData(PrjCallbackData* data, ulong byteOffset, uint length)
    {
        try
        {
            return Instance(data).Callbacks.GetFileData(NativeMarshalling.ToManaged(data), byteOffset, length);
        }
        catch (Exception exception)
        {
            return Fail(nameof(GetFileData), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int QueryFileName(PrjCallbackData* data)
    {
        try
        {
            return Instance(data).Callbacks.QueryFileName(NativeMarshalling.ToManaged(data));
        }
        catch (Exception exception)
        {
            return Fail(nameof(QueryFileName), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int Notification(PrjCallbackData* data, byte isDirectory, PrjNotification notification,
        char* destinationFileName, PrjNotificationParameters* operationParameters)
    {
        try
        {
            var hasMask = notification is PrjNotification.FileOpened or PrjNotification.NewFileCreated
                or PrjNotification.FileOverwritten or PrjNotification.FileRenamed;
            var parameters = new NotificationParameters();
            if (operationParameters is not null)
            {
                if (hasMask)
                {
                    parameters.NotificationMask = operationParameters->NotificationMask;
                }
                else if (notification == PrjNotification.FileHandleClosedFileDeleted)
                {
                    parameters.IsFileModified = operationParameters->IsFileModified != 0;
                }
            }

            var destination = destinationFileName is null ? null : new string(destinationFileName);
            var hr = Instance(data).Callbacks.Notification(NativeMarshalling.ToManaged(data), isDirectory != 0, notification,
                destination, ref parameters);
            if (operationParameters is not null && hasMask)
            {
                operationParameters->NotificationMask = parameters.NotificationMask;
            }

            return hr;
        }
        catch (Exception exception)
        {
            return Fail(nameof(Notification), exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static void CancelCommand(PrjCallbackData* data)
    {
        try
        {
            Instance(data).Callbacks.CancelCommand(NativeMarshalling.ToManaged(data));
        }
        catch (Exception exception)
        {
            Fail(nameof(CancelCommand), exception);
        }
    }

    private static NativeInstance Instance(PrjCallbackData* data) =>
        NativeInstance.FromContext(NativeMarshalling.InstanceContext(data))
        ?? throw new InvalidOperationException("ProjFS passed a callback without Indra's instance context");

    private static int Fail(string callback, Exception exception)
    {
        Console.Error.WriteLine($"indra-projfs error: ProjFS callback {callback} failed unexpectedly: {exception}");
        return HResult.InternalError;
    }
}
