using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Interop;

namespace Indra.Platform.ProjFS.Native;

/// <summary>Copies between the native ProjFS structs and their managed forms.</summary>
internal static unsafe class NativeMarshalling
{
    private static readonly int CallbackDataSize = sizeof(PrjCallbackData);

    /// <summary>
    /// Copies PRJ_CALLBACK_DATA (valid only during the callback) into a <see cref="CallbackData"/>. Fields beyond the
    /// Size ProjFS reports are treated as absent.
    /// </summary>
    public static CallbackData ToManaged(PrjCallbackData* data)
    {
        var complete = data->Size >= CallbackDataSize;
        var path = data->FilePathName is null ? string.Empty : new string(data->FilePathName);
        var version = complete && data->VersionInfo is not null ? ToManaged(data->VersionInfo) : null;
        var image = complete && data->TriggeringProcessImageFileName is not null ? new string(data->TriggeringProcessImageFileName) : null;
        return new CallbackData(data->Flags, data->CommandId, data->FileId, data->DataStreamId, path, version,
            complete ? data->TriggeringProcessId : 0, image);
    }

    /// <summary>The instanceContext of a callback, or 0 when ProjFS passed a short struct.</summary>
    public static nint InstanceContext(PrjCallbackData* data) => data->Size >= CallbackDataSize ? data->InstanceContext : 0;

    /// <summary>Copies a PRJ_PLACEHOLDER_VERSION_INFO.</summary>
    public static PlaceholderVersion ToManaged(PrjPlaceholderVersionInfo* version) => new(
        new ReadOnlySpan<byte>(version->ProviderId, PrjPlaceholderVersionInfo.IdLength),
        new ReadOnlySpan<byte>(version->ContentId, PrjPlaceholderVersionInfo.IdLength));

    /// <summary>Fills a PRJ_PLACEHOLDER_VERSION_INFO.</summary>
    public static void ToNative(PlaceholderVersion version, PrjPlaceholderVersionInfo* native)
    {
        version.ProviderId.CopyTo(new Span<byte>(native->ProviderId, PrjPlaceholderVersionInfo.IdLength));
        version.ContentId.CopyTo(new Span<byte>(native->ContentId, PrjPlaceholderVersionInfo.IdLength));
    }

    /// <summary>The PRJ_FILE_BASIC_INFO of <paramref name="info"/>.</summary>
    public static PrjFileBasicInfo ToNative(in FileBasicInfo info) => new()
    {
        IsDirectory = info.IsDirectory ? (byte)1 : (byte)0,
        FileSize = info.FileSize,
        CreationTime = info.CreationTime,
        LastAccessTime = info.LastAccessTime,
        LastWriteTime = info.LastWriteTime,
        ChangeTime = info.ChangeTime,
        FileAttributes = info.FileAttributes,
    };

    /// <summary>The PRJ_PLACEHOLDER_INFO of <paramref name="info"/>; EA, security and stream fields stay zero.</summary>
    public static PrjPlaceholderInfo ToNative(PlaceholderInfo info)
    {
        var native = new PrjPlaceholderInfo { FileBasicInfo = ToNative(info.BasicInfo) };
        ToNative(info.Version, &native.VersionInfo);
        return native;
    }
}
