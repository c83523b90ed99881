using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Provider;

/// <summary>
/// Serves GetFileData (sdk-api nc-projectedfslib-prj_get_file_data_cb; projfs.md §9.3 rule 20): finds the content by
/// the placeholder's content id (the inode it names, checked against the artifact id it carries), falls back to the
/// path the placeholder was created under, reads it through <see cref="IVaultFileSystem.Read"/> and writes it with
/// PrjWriteFileData in chunks. A placeholder whose content the vault no longer has (changed or deleted since the
/// placeholder was written) fails the read with ERROR_FILE_NOT_FOUND and a log line.
/// </summary>
internal sealed class FileDataServer
{
    private readonly IVaultFileSystem _fileSystem;
    private readonly IProjFsApi _api;
    private readonly VaultNodeResolver _resolver;
    private readonly PlaceholderFactory _placeholders;
    private readonly VaultHandleTracker _tracker;
    private readonly int _chunkSize;
    private readonly ProjFsLog _log;

    /// <summary>Creates the server.</summary>
    /// <param name="fileSystem">The vault filesystem.</param>
    /// <param name="api">The ProjFS instance to write data into.</param>
    /// <param name="resolver">Path resolution.</param>
    /// <param name="placeholders">Artifact id reading.</param>
    /// <param name="tracker">Handles opened for the application (borrowed to avoid extra attention events).</param>
    /// <param name="chunkSize">Bytes per PrjWriteFileData call (a multiple of any write alignment, e.g. 64 KiB).</param>
    /// <param name="log">The host log.</param>
    public FileDataServer(IVaultFileSystem fileSystem, IProjFsApi api, VaultNodeResolver resolver,
        PlaceholderFactory placeholders, VaultHandleTracker tracker, int chunkSize, ProjFsLog log)
    {
        _fileSystem = fileSystem;
        _api = api;
        _resolver = resolver;
        _placeholders = placeholders;
        _tracker = tracker;
        _chunkSize = chunkSize;
        _log = log;
    }

    /// <summary>Writes bytes [<paramref name="byteOffset"/>, +<paramref name="length"/>) of the callback's file.</summary>
    /// <returns>S_OK, ERROR_FILE_NOT_FOUND, or the error of a vault read or PrjWriteFileData.</returns>
    public int Serve(CallbackData data, ulong byteOffset, uint length)
    {
        if (!TryLocate(data, out var inode))
        {
            _log.Warn($"GetFileData '{data.FilePathName}': the vault no longer has the content this placeholder was made from");
            return HResult.FileNotFound;
        }

        if (_tracker.TryBorrow(data.FileId, inode, out var borrowed))
        {
            try
            {
                return Copy(inode, borrowed.Handle, data, byteOffset, length);
            }
            finally
            {
                _tracker.Return(borrowed);
            }
        }

        var errno = _fileSystem.Open(inode, OpenFlags.ReadOnly, CallerContext.Self, out var open);
        if (errno != Errno.None)
        {
            _log.Warn($"GetFileData '{data.FilePathName}': opening inode {inode} failed: {errno}");
            return ErrnoMapping.ToCallbackResult(errno);
        }

        try
        {
            return Copy(inode, open.Handle, data, byteOffset, length);
        }
        finally
        {
            _fileSystem.Release(inode, open.Handle);
        }
    }

    private bool TryLocate(CallbackData data, out ulong inode)
    {
        if (IndraContentId.TryRead(data.VersionInfo, out inode, out var artifactId) && Holds(inode, artifactId))
        {
            return true;
        }

        if (_resolver.Resolve(data.FilePathName, out var node) == Errno.None
            && node.Attributes.Kind == NodeKind.File
            && (artifactId is null || Holds(node.Inode, artifactId)))
        {
            inode = node.Inode;
            return true;
        }

        inode = 0;
        return false;
    }

    private bool Holds(ulong inode, byte[]? artifactId)
    {
        if (inode == 0 || _fileSystem.GetAttributes(inode, out var attributes) != Errno.None || attributes.Kind != NodeKind.File)
        {
            return false;
        }

        return artifactId is null
            || (_placeholders.TryReadArtifactId(inode, out var current) && current.AsSpan().SequenceEqual(artifactId));
    }

    private int Copy(ulong inode, ulong handle, CallbackData data, ulong byteOffset, uint length)
    {
        var buffer = new byte[(int)Math.Min((uint)_chunkSize, Math.Max(length, 1u))];
        var offset = byteOffset;
        var end = byteOffset + length;
        while (offset < end)
        {
            var want = (int)Math.Min((ulong)buffer.Length, end - offset);
            var errno = _fileSystem.Read(inode, handle, (long)offset, buffer.AsSpan(0, want), out var read);
            if (errno != Errno.None)
            {
                _log.Warn($"GetFileData '{data.FilePathName}': reading inode {inode} at {offset} failed: {errno}");
                return ErrnoMapping.ToCallbackResult(errno);
            }

            if (read == 0)
            {
                _log.Warn($"GetFileData '{data.FilePathName}': the vault file ends at {offset}, before the {end} bytes ProjFS asked for");
                return HResult.IoDevice;
            }

            var hr = _api.WriteFileData(data.DataStreamId, buffer.AsSpan(0, read), offset);
            if (!HResult.Succeeded(hr))
            {
                if (hr == HResult.InvalidHandle)
                {
                    _log.Debug($"GetFileData '{data.FilePathName}': the application closed its handle during hydration");
                }
                else
                {
                    _log.Warn($"PrjWriteFileData '{data.FilePathName}' at {offset} failed: {HResult.Format(hr)}");
                }

                return hr;
            }

            offset += (ulong)read;
        }

        return HResult.Ok;
    }
}
