using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// The ProjFS provider over an <see cref="IVaultFileSystem"/>: translates each callback into vault filesystem calls
/// and nothing more (projfs.md §2.3). All callbacks complete synchronously (the vault is a fast local store), so
/// CancelCommand has nothing to cancel. An unexpected exception is logged and reported as ERROR_INTERNAL_ERROR; it
/// never reaches ProjFS.
/// </summary>
internal sealed class VaultProvider : IProjFsCallbacks
{
    private readonly IProjFsApi _api;
    private readonly VaultNodeResolver _resolver;
    private readonly PlaceholderFactory _placeholders;
    private readonly DirectoryProjection _projection;
    private readonly EnumerationRegistry _enumerations;
    private readonly FileDataServer _fileData;
    private readonly NotificationHandler _notifications;
    private readonly Changes.PlaceholderIndex _index;
    private readonly ProjFsLog _log;

    /// <summary>Creates the provider.</summary>
    public VaultProvider(IProjFsApi api, VaultNodeResolver resolver, PlaceholderFactory placeholders, DirectoryProjection projection,
        EnumerationRegistry enumerations, FileDataServer fileData, NotificationHandler notifications, Changes.PlaceholderIndex index, ProjFsLog log)
    {
        _api = api;
        _resolver = resolver;
        _placeholders = placeholders;
        _projection = projection;
        _enumerations = enumerations;
        _fileData = fileData;
        _notifications = notifications;
        _index = index;
        _log = log;
        NameRules.Select(api, log);
    }

    /// <inheritdoc />
    public int StartDirectoryEnumeration(CallbackData data, Guid enumerationId) => Guard(nameof(StartDirectoryEnumeration), data, () =>
    {
        var errno = _resolver.Resolve(data.FilePathName, out var node);
        if (errno == Errno.None && node.Attributes.Kind != NodeKind.Directory)
        {
            errno = Errno.ENOTDIR;
        }

        if (errno == Errno.None)
        {
            errno = _projection.List(node.Inode, node.Path, out var entries);
            if (errno == Errno.None)
            {
                var inode = node.Inode;
                var path = node.Path;
                var session = new EnumerationSession(path, entries,
                    () => _projection.List(inode, path, out var fresh) == Errno.None ? fresh : null);
                return _enumerations.TryAdd(enumerationId, session) ? HResult.Ok : HResult.InvalidParameter;
            }
        }

        return ErrnoMapping.ToCallbackResult(errno);
    });

    /// <inheritdoc />
    public int EndDirectoryEnumeration(CallbackData data, Guid enumerationId) => Guard(nameof(EndDirectoryEnumeration), data, () =>
        _enumerations.TryRemove(enumerationId) ? HResult.Ok : HResult.InvalidParameter);

    /// <inheritdoc />
    public int GetDirectoryEnumeration(CallbackData data, Guid enumerationId, string? searchExpression, DirEntryBufferHandle buffer) =>
        Guard(nameof(GetDirectoryEnumeration), data, () =>
            _enumerations.TryGet(enumerationId, out var session)
                ? session.Fill(_api, data.Flags, searchExpression, buffer)
                : HResult.InvalidParameter);

    /// <inheritdoc />
    public int GetPlaceholderInfo(CallbackData data) => Guard(nameof(GetPlaceholderInfo), data, () =>
    {
        var errno = _resolver.Resolve(data.FilePathName, out var node);
        if (errno != Errno.None || !PlaceholderFactory.Projects(node.Attributes.Kind))
        {
            return errno == Errno.None ? HResult.FileNotFound : ErrnoMapping.ToCallbackResult(errno);
        }

        var info = _placeholders.Build(node.Attributes);
        var hr = _api.WritePlaceholderInfo(node.Path, info);
        if (!HResult.Succeeded(hr))
        {
            _log.Warn($"PrjWritePlaceholderInfo '{node.Path}' failed: {HResult.Format(hr)}");
        }
        else if (node.Attributes.Kind == NodeKind.File)
        {
            _index.Add(node.Path, info.Version);
        }

        return hr;
    });

    /// <inheritdoc />
    public int GetFileData(CallbackData data, ulong byteOffset, uint length) =>
        Guard(nameof(GetFileData), data, () => _fileData.Serve(data, byteOffset, length));

    /// <inheritdoc />
    public int QueryFileName(CallbackData data) => Guard(nameof(QueryFileName), data, () =>
    {
        var errno = _resolver.Resolve(data.FilePathName, out var node);
        return errno == Errno.None && PlaceholderFactory.Projects(node.Attributes.Kind) ? HResult.Ok : HResult.FileNotFound;
    });

    /// <inheritdoc />
    public int Notification(CallbackData data, bool isDirectory, PrjNotification notification, string? destinationFileName, ref NotificationParameters parameters)
    {
        if (_log.IsDebugEnabled)
        {
            _log.Debug($"Notification {notification} '{data.FilePathName}'{(destinationFileName is null ? "" : $" -> '{destinationFileName}'")} dir={isDirectory} pid={data.TriggeringProcessId}");
        }

        try
        {
            return _notifications.Handle(data, isDirectory, notification, destinationFileName);
        }
        catch (Exception exception)
        {
            _log.Error($"notification {notification} for '{data.FilePathName}' failed unexpectedly", exception);
            return HResult.InternalError;
        }
    }

    /// <inheritdoc />
    public void CancelCommand(CallbackData data) =>
        _log.Debug($"CancelCommand {data.CommandId}: callbacks complete synchronously, nothing to cancel");

    private int Guard(string callback, CallbackData data, Func<int> body)
    {
        if (_log.IsDebugEnabled)
        {
            _log.Debug($"{callback} '{data.FilePathName}' command={data.CommandId} flags={data.Flags}");
        }

        try
        {
            return body();
        }
        catch (Exception exception)
        {
            _log.Error($"{callback} for '{data.FilePathName}' failed unexpectedly", exception);
            return HResult.InternalError;
        }
    }
}
