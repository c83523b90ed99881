using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Staging;
using Indra.Storage.Blocks;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem.Files;

/// <summary>
/// Open vault files: open (with O_TRUNC and keep_cache), read (staged or committed content), SEEK_DATA/SEEK_HOLE,
/// flush, fsync and release (which commit through <see cref="WritePath"/>), readlink, and the navigation events of
/// opening and closing.
/// </summary>
internal sealed class VaultFiles
{
    private readonly InodeTable _inodes;
    private readonly HandleTable _handles;
    private readonly Vault _vault;
    private readonly WritePath _writes;
    private readonly VaultAttributes _attributes;
    private readonly NavigationTrail _trail;
    private readonly ILogger _log;

    public VaultFiles(InodeTable inodes, HandleTable handles, Vault vault, WritePath writes, VaultAttributes attributes, NavigationTrail trail)
    {
        _inodes = inodes;
        _handles = handles;
        _vault = vault;
        _writes = writes;
        _attributes = attributes;
        _trail = trail;
        _log = vault.Loggers.CreateLogger<VaultFiles>();
    }

    /// <summary>open(2) of vault node <paramref name="inode"/>; see <see cref="IVaultFileSystem.Open"/>.</summary>
    public Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        open = default;
        var node = _inodes.LoadVaultNode(inode);
        if (node is null) return Errno.ENOENT;
        if (node.Kind == NodeKind.Directory) return Errno.EISDIR;
        if (node.Kind == NodeKind.Symlink) return Errno.ELOOP;
        if (node.Kind.IsSpecial()) return Errno.ENXIO;
        return Open(node, flags, caller, out open);
    }

    /// <summary>Opens a vault file: truncates for O_TRUNC, records navigate_to, decides keep_cache.</summary>
    public Errno Open(Inode node, int flags, CallerContext caller, out OpenResult open)
    {
        open = default;
        string path;
        lock (_inodes.Gate)
        {
            node.OpenCount++;
            path = _inodes.PathOf(node) ?? "";
        }
        var opened = false;
        OpenHandle handle;
        bool keepCache;
        LeafVersion? readAhead = null;
        try
        {
            if ((flags & OpenFlags.Truncate) != 0)
            {
                // Staged, not committed: O_TRUNC and the writes that follow land together at close or fsync, so a crash
                // in between leaves the previous content rather than an empty file.
                var truncated = _writes.Truncate(node, 0, caller);
                if (truncated != Errno.None) return truncated;
            }
            LeafVersion content;
            lock (node.ContentGate)
            {
                content = node.Committed(_vault.Content);
                var id = new ArtifactId(content.Id);
                keepCache = node.Staged is null && node.PageCacheId is { } cached && cached == id;
                node.PageCacheId = node.Staged is null ? id : null;
            }
            _trail.To(node, new ArtifactId(content.Id), path);
            handle = new OpenHandle(_handles.NextId(), (ulong)node.Number, node, flags, isDirectory: false) { Attended = true, Opener = caller, OpenedAtNs = _vault.ClockNs() };
            _handles.Add(handle);
            opened = true;
            if (handle.CanRead && (flags & OpenFlags.Truncate) == 0) readAhead = content;
        }
        finally
        {
            // Whatever failed, the open count is as before: the kernel gets no handle to release.
            if (!opened)
            {
                lock (_inodes.Gate)
                {
                    node.OpenCount--;
                }
            }
        }
        // A reader's first request follows the reply at once: a block file not read yet starts loading now.
        if (readAhead is not null) _vault.Content.PrefetchFirstBlock(readAhead);
        open = new OpenResult(handle.Id, keepCache, DirectIo: false);
        return Errno.None;
    }

    /// <summary>Reads through an open vault file: staged bytes when there are any, else the committed version.</summary>
    /// <returns>EIO when a stored block is missing or corrupt (logged with the file's path).</returns>
    public Errno Read(OpenHandle open, long offset, Span<byte> buffer, out int bytesRead)
    {
        bytesRead = 0;
        var node = open.Node!;
        if (!open.AccessTouched)
        {
            open.AccessTouched = true;
            _attributes.TouchAccess(node);
        }
        try
        {
            LeafVersion content;
            lock (node.ContentGate)
            {
                if (node.Staged is { } staged)
                {
                    // Unchanged blocks of a staged file are read from its stored version, so this can fail alike.
                    bytesRead = staged.Read(offset, buffer);
                    return Errno.None;
                }
                content = node.Committed(_vault.Content);
            }
            bytesRead = _vault.Content.Read(content, offset, buffer);
            return Errno.None;
        }
        catch (Exception e) when (DamagedContent.Is(e))
        {
            string? path;
            lock (_inodes.Gate)
            {
                path = _inodes.PathOf(node);
            }
            _log.LogWarning("read of inode {Inode} ({Path}): {Reason}", node.Number, path ?? "unlinked", e.Message);
            return Errno.EIO;
        }
    }

    /// <summary>
    /// A committed file's read as a range of a verified block file (<see cref="ContentStore.OpenFileRange"/>), or null
    /// (staged bytes, or anything the content store leaves to <see cref="Read"/>). A range moves the access time as a
    /// read does.
    /// </summary>
    public BlockFileRange? ReadAsFileRange(OpenHandle open, long offset, int length)
    {
        var node = open.Node!;
        LeafVersion content;
        lock (node.ContentGate)
        {
            if (node.Staged is not null) return null;
            content = node.Committed(_vault.Content);
        }
        var range = _vault.Content.OpenFileRange(content, offset, length);
        if (range is not null && !open.AccessTouched)
        {
            open.AccessTouched = true;
            _attributes.TouchAccess(node);
        }
        return range;
    }

    /// <summary>SEEK_DATA / SEEK_HOLE in an open vault file; see <see cref="IVaultFileSystem.Seek"/>.</summary>
    public Errno Seek(Inode node, long offset, int whence, out long position)
    {
        position = 0;
        if (whence != SeekWhence.Data && whence != SeekWhence.Hole) return Errno.EINVAL;
        if (offset < 0) return Errno.ENXIO;
        var blockSize = _vault.BlockSize;
        lock (node.ContentGate)
        {
            // A file with nothing staged answers from its committed version (no staging area is made for a seek).
            Func<long, bool> isData;
            Func<long, long> nextData;
            long size;
            if (node.Staged is { } staged)
            {
                (isData, nextData, size) = (staged.IsData, staged.NextData, staged.Size);
            }
            else
            {
                var content = node.Committed(_vault.Content);
                isData = index => content.TryGetBlock(index, out _);
                nextData = content.NextStoredIndex;
                size = content.Size;
            }
            if (offset >= size) return Errno.ENXIO;
            var index = offset / blockSize;
            if (whence == SeekWhence.Data)
            {
                var data = nextData(index);
                if (data < 0) return Errno.ENXIO;
                position = Math.Max(offset, data * blockSize);
                return position >= size ? Errno.ENXIO : Errno.None;
            }
            while (isData(index) && index * blockSize < size) index++;
            position = Math.Min(size, Math.Max(offset, index * blockSize));
            return Errno.None;
        }
    }

    /// <summary>
    /// Closes a vault file handle: its staged writes are committed, then, whatever the commit did, the open count
    /// drops, an idle staging area goes and an unlinked node with no references left is deleted.
    /// </summary>
    public Errno Release(OpenHandle open)
    {
        var node = open.Node!;
        string path;
        var result = Errno.EIO;
        try
        {
            result = _writes.Commit(node, durable: false);
        }
        finally
        {
            lock (node.ContentGate)
            {
                lock (_inodes.Gate)
                {
                    node.OpenCount--;
                    path = _inodes.PathOf(node) ?? "";
                    if (node.OpenCount == 0 && node.Staged is { IsDirty: false } idle)
                    {
                        idle.Dispose();
                        node.Staged = null;
                    }
                    _inodes.ReapIfDead(node);
                }
            }
        }
        if (open.Attended) _trail.Back(node, path, (_vault.ClockNs() - open.OpenedAtNs) / 1_000_000);
        return result;
    }

    /// <summary>The target of vault symlink <paramref name="node"/>.</summary>
    /// <returns>EINVAL when it is not a symlink.</returns>
    public Errno ReadLink(Inode node, out string target)
    {
        target = "";
        if (node.Kind != NodeKind.Symlink) return Errno.EINVAL;
        var content = node.Committed(_vault.Content);
        var bytes = new byte[content.Size];
        _vault.Content.Read(content, 0, bytes);
        target = NameBytes.Decode(bytes);
        return Errno.None;
    }
}
