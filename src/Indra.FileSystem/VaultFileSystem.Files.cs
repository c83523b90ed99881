using Indra.Engine.Attention;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Indra.FileSystem.Staging;
using Indra.FileSystem.Virtual;
using Indra.Storage.Blocks;
using Indra.Storage.Metadata;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <summary>
    /// Largest file size in bytes: 16 TiB - 4 KiB, ext4's limit with 4 KiB blocks, so programs see the answers they
    /// get on ext4 (EFBIG beyond it). Holes cost no memory or storage but are hashed (in the background) for the file's
    /// id, so the limit also keeps that work finite: a file of this size is hashed in hours on one core.
    /// </summary>
    public const long MaxFileSize = (16L << 40) - 4096;

    /// <inheritdoc/>
    public Errno Create(ulong parent, string name, uint mode, int flags, CallerContext caller, out NodeAttributes attributes, out OpenResult open)
    {
        attributes = default;
        open = default;
        try
        {
            if (Names.Validate(name) is var invalid && invalid != Errno.None) return invalid;
            Inode child;
            lock (_tree)
            {
                var check = WritableDirectory(parent, out var directory);
                if (check != Errno.None) return check;
                if (ChildrenOf(directory).TryGet(name, out var existing))
                {
                    if ((flags & OpenFlags.Exclusive) != 0) return Errno.EEXIST;
                    var node = Load(existing);
                    if (node is null) return Errno.ENOENT;
                    if (node.Kind == EntryKind.Directory) return Errno.EISDIR;
                    if (node.Kind.IsSpecial()) return Errno.ENXIO;
                    node.LookupCount++;
                    attributes = AttributesOf(node);
                    child = node;
                }
                else
                {
                    var record = NewRecord(EntryKind.File, mode, caller, directory, LeafVersion.Empty.Id, TypeInference.LeafTypeOf(name).ToString());
                    child = InsertEntry(directory, name, record, LeafVersion.Empty);
                    child.LookupCount++;
                }
            }
            var opened = OpenVaultFile(child, flags, out open);
            if (opened != Errno.None) return opened;
            lock (_tree)
            {
                attributes = AttributesOf(child);
            }
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"create {parent}/{name}");
        }
    }

    /// <inheritdoc/>
    public Errno Open(ulong inode, int flags, CallerContext caller, out OpenResult open)
    {
        open = default;
        try
        {
            if (VirtualTree.Get(inode) is { } virtualNode)
            {
                if (virtualNode.IsDirectory) return Errno.EISDIR;
                if (OpenFlags.Writes(flags) || (flags & OpenFlags.Truncate) != 0) return Errno.EROFS;
                var handle = new OpenHandle(_handles.NextId(), inode, null, flags, isDirectory: false) { VirtualContent = _metaFiles.Generate(virtualNode.Name) };
                _handles.Add(handle);
                open = new OpenResult(handle.Id, KeepCache: false, DirectIo: true);
                return Errno.None;
            }
            if (SharedNodeTable.InRange(inode)) return _sharedNodes.Get(inode) is { } shared ? OpenShared(shared, flags, out open) : Errno.ENOENT;
            var node = LoadVaultNode(inode);
            if (node is null) return Errno.ENOENT;
            if (node.Kind == EntryKind.Directory) return Errno.EISDIR;
            if (node.Kind == EntryKind.Symlink) return Errno.ELOOP;
            if (node.Kind.IsSpecial()) return Errno.ENXIO;
            return OpenVaultFile(node, flags, out open);
        }
        catch (Exception e)
        {
            return Fail(e, $"open {inode}");
        }
    }

    /// <summary>Opens a vault file: truncates for O_TRUNC, records navigate_to, decides keep_cache.</summary>
    private Errno OpenVaultFile(Inode node, int flags, out OpenResult open)
    {
        open = default;
        string path;
        lock (_tree)
        {
            node.OpenCount++;
            path = PathOf(node) ?? "";
        }
        if ((flags & OpenFlags.Truncate) != 0)
        {
            // Staged, not committed: O_TRUNC and the writes that follow land together at close or fsync, so a crash
            // in between leaves the previous content rather than an empty file.
            var truncated = Truncate(node, 0);
            if (truncated != Errno.None)
            {
                lock (_tree)
                {
                    node.OpenCount--;
                }
                return truncated;
            }
        }
        bool keepCache;
        Engine.Content.LeafVersion content;
        lock (node.ContentGate)
        {
            content = ContentOf(node);
            keepCache = node.Staged is null && node.PageCacheId is { } cached && cached == content.Id;
            node.PageCacheId = node.Staged is null ? content.Id : null;
        }
        var handle = new OpenHandle(_handles.NextId(), (ulong)node.Number, node, flags, isDirectory: false) { Attended = true };
        _handles.Add(handle);
        RecordAttention(AttentionKind.NavigateTo, node, content.Id, ParentArtifact(node), path, 0);
        open = new OpenResult(handle.Id, keepCache, DirectIo: false);
        return Errno.None;
    }

    /// <inheritdoc/>
    public Errno Read(ulong inode, ulong handle, long offset, Span<byte> buffer, out int bytesRead)
    {
        bytesRead = 0;
        try
        {
            var open = _handles.Get(handle);
            if (open is null || open.IsDirectory) return Errno.EBADF;
            if (offset < 0) return Errno.EINVAL;
            if (open.VirtualContent is { } generated)
            {
                if (offset < generated.Length)
                {
                    bytesRead = Math.Min(buffer.Length, generated.Length - (int)offset);
                    generated.AsSpan((int)offset, bytesRead).CopyTo(buffer);
                }
                return Errno.None;
            }
            if (open.Shared is { } sharedFile) return ReadShared(sharedFile, offset, buffer, out bytesRead);
            var node = open.Node!;
            if (!open.AccessTouched)
            {
                open.AccessTouched = true;
                TouchAccess(node);
            }
            LeafVersion content;
            lock (node.ContentGate)
            {
                if (node.Staged is { } staged)
                {
                    bytesRead = staged.Read(offset, buffer);
                    return Errno.None;
                }
                content = ContentOf(node);
            }
            bytesRead = _vault.Content.Read(content, offset, buffer);
            return Errno.None;
        }
        catch (Exception e) when (e is BlockMissingException or CorruptBlockException)
        {
            _log($"read of inode {inode} ({PathFor(inode)}): {e.Message}");
            return Errno.EIO;
        }
        catch (Exception e)
        {
            return Fail(e, $"read {inode} ({PathFor(inode)})");
        }
    }

    /// <inheritdoc/>
    public Errno Write(ulong inode, ulong handle, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        bytesWritten = 0;
        try
        {
            var open = _handles.Get(handle);
            if (open is null || open.IsDirectory || open.Node is null) return Errno.EBADF;
            if (!open.CanWrite) return Errno.EBADF;
            if (offset < 0) return Errno.EINVAL;
            var node = open.Node;
            lock (node.ContentGate)
            {
                var staged = StagedOf(node);
                var at = open.Append ? staged.Size : offset;
                if (at + data.Length > MaxFileSize) return Errno.EFBIG;
                staged.Write(at, data);
                node.PageCacheId = null;
            }
            lock (_tree)
            {
                var now = Now();
                node.Record.ModifyTimeNs = now;
                node.Record.ChangeTimeNs = now;
            }
            bytesWritten = data.Length;
            return Errno.None;
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space", StringComparison.Ordinal))
        {
            _log($"write to inode {inode}: {e.Message}");
            return Errno.ENOSPC;
        }
        catch (Exception e)
        {
            return Fail(e, $"write {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno Flush(ulong inode, ulong handle)
    {
        try
        {
            var open = _handles.Get(handle);
            if (open is null) return Errno.EBADF;
            return open.Node is null ? Errno.None : Commit(open.Node, durable: false);
        }
        catch (Exception e)
        {
            return Fail(e, $"flush {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno Fsync(ulong inode, ulong handle, bool dataOnly)
    {
        try
        {
            var open = _handles.Get(handle);
            if (open is null) return Errno.EBADF;
            return open.Node is null ? Errno.None : Commit(open.Node, durable: true);
        }
        catch (Exception e)
        {
            return Fail(e, $"fsync {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno Release(ulong inode, ulong handle)
    {
        try
        {
            var open = _handles.Remove(handle);
            if (open is null) return Errno.EBADF;
            var node = open.Node;
            if (node is null) return Errno.None;
            var result = Commit(node, durable: false);
            string path;
            lock (_tree)
            {
                node.OpenCount--;
                path = PathOf(node) ?? "";
            }
            if (open.Attended)
            {
                var dwellMs = (Now() - open.OpenedAtNs) / 1_000_000;
                RecordAttention(AttentionKind.NavigateBack, node, ParentArtifact(node), node.Record.ArtifactId, path, dwellMs);
            }
            lock (node.ContentGate)
            {
                lock (_tree)
                {
                    if (node.OpenCount == 0 && node.Staged is { IsDirty: false } idle)
                    {
                        idle.Dispose();
                        node.Staged = null;
                    }
                    ReapIfDead(node);
                }
            }
            return result;
        }
        catch (Exception e)
        {
            return Fail(e, $"release {inode}");
        }
    }

    /// <inheritdoc/>
    public void FlushAll()
    {
        List<Inode> staged;
        lock (_tree)
        {
            staged = _inodes.Values.Where(n => n.Staged is not null).ToList();
        }
        foreach (var node in staged)
        {
            var result = Commit(node, durable: true);
            if (result != Errno.None) _log($"could not commit inode {node.Number} at flush: {result}");
        }
        _metadata.FlushDeferred();
        _vault.Attention.Flush();
    }

    /// <summary>Truncates or extends a file's content to <paramref name="size"/> bytes; commits at once when no handle is open.</summary>
    private Errno Truncate(Inode node, long size)
    {
        if (size > MaxFileSize) return Errno.EFBIG;
        bool commitNow;
        lock (node.ContentGate)
        {
            var staged = StagedOf(node);
            staged.Truncate(size);
            node.PageCacheId = null;
            lock (_tree)
            {
                var now = Now();
                node.Record.ModifyTimeNs = now;
                node.Record.ChangeTimeNs = now;
                commitNow = node.OpenCount == 0;
            }
        }
        return commitNow ? Commit(node, durable: false) : Errno.None;
    }

    /// <summary>
    /// Makes the staged writes of <paramref name="node"/> a new leaf version: changed blocks are stored first (fsynced
    /// when <paramref name="durable"/>), then metadata points the node at the new leaf and releases the old one, and
    /// blocks nothing references any more are deleted after that commit. A durable commit (fsync) is on stable storage
    /// when this returns; any other joins the queue of metadata writes and lands, atomically with everything queued
    /// before it, within <see cref="MetadataStore.DeferredInterval"/> (a crash before then leaves the previous
    /// version). The new version is what every reader sees at once either way. Queued writes of this node that failed
    /// to land since its last flush, fsync or close are answered first, once: EIO, or ENOSPC when the disk was full.
    /// </summary>
    private Errno Commit(Inode node, bool durable)
    {
        if (_metadata.TakeFailure(node.Number) is { } failed) return failed.DiskFull ? Errno.ENOSPC : Errno.EIO;
        lock (node.ContentGate)
        {
            var staged = node.Staged;
            if (staged is null || !staged.IsDirty)
            {
                if (durable) MakeDurable(node);
                return Errno.None;
            }
            var pending = staged.Build(durable);
            var version = pending.Version;
            var queued = false;
            List<Indra.Hashing.Blake3Hash> dead = [];
            try
            {
                lock (_tree)
                {
                    var old = node.Record.ArtifactId;
                    var record = node.Record.Clone();
                    record.ArtifactId = version.Id;
                    record.Size = version.Size;
                    if (durable)
                    {
                        _metadata.CommitDurably(() =>
                        {
                            _metadata.AcquireLeaf(version.Id, version.Size, _vault.BlockSize, version.Blocks);
                            if (pending.IdPending) _metadata.AddPendingLeaf(version.Id);
                            _metadata.UpdateNode(record);
                            dead = _metadata.ReleaseLeaf(old);
                        });
                    }
                    else
                    {
                        // The pending version keeps its blocks pinned until the transaction that references them
                        // has committed.
                        _metadata.DeferNodeUpdate(record);
                        _metadata.Defer(() =>
                        {
                            _metadata.AcquireLeaf(version.Id, version.Size, _vault.BlockSize, version.Blocks);
                            if (pending.IdPending) _metadata.AddPendingLeaf(version.Id);
                            var released = _metadata.ReleaseLeaf(old);
                            _metadata.AfterCommit(() =>
                            {
                                pending.Dispose();
                                _vault.Content.DeleteUnreferenced(released);
                            });
                        });
                        queued = true;
                    }
                    node.Record = record;
                    node.Content = version;
                }
            }
            finally
            {
                if (!queued) pending.Dispose();
            }
            _vault.Content.DeleteUnreferenced(dead);
            if (pending.IdPending) _ids.Enqueue(version.Id);
            // Every byte of this version reached us through the kernel's write paths, which keep its page cache
            // coherent, so the cached pages may be kept at the next open (keep_cache).
            node.PageCacheId = version.Id;
            staged.Rebase(version);
            return Errno.None;
        }
    }

    /// <summary>fsync of a file with nothing staged: its blocks and the metadata reach stable storage.</summary>
    private void MakeDurable(Inode node)
    {
        _vault.Content.SyncBlocks(ContentOf(node));
        _metadata.CommitDurably(() => { });
    }

    /// <summary>The committed content of a file or symlink, loading its block list on first use.</summary>
    private LeafVersion ContentOf(Inode node)
    {
        var content = node.Content;
        if (content is not null && content.Id == node.Record.ArtifactId) return content;
        content = _vault.Content.Load(node.Record.ArtifactId, node.Record.Size);
        node.Content = content;
        return content;
    }

    /// <summary>The staging area of a file, created on its first write. Caller holds the node's content gate.</summary>
    private StagedContent StagedOf(Inode node) =>
        node.Staged ??= new StagedContent(_vault.Content, _vault.StagingDirectory, node.Number, ContentOf(node));

    private void RecordAttention(AttentionKind kind, Inode node, Indra.Hashing.Blake3Hash artifact, Indra.Hashing.Blake3Hash from, string path, long dwellMs) =>
        _vault.Attention.Record(new AttentionRecord(Now(), (int)kind, _vault.PlayerId, node.Number, artifact, from, path, dwellMs));

    /// <summary>The artifact id of the tree a node was reached through (its own id for /vault).</summary>
    private Indra.Hashing.Blake3Hash ParentArtifact(Inode node)
    {
        lock (_tree)
        {
            if (node.Parent != 0 && _inodes.TryGetValue(node.Parent, out var parent)) return parent.Record.ArtifactId;
            return Load(Vault.RootInode)!.Record.ArtifactId;
        }
    }
}
