using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem.Handles;
using Indra.FileSystem.Nodes;
using Microsoft.Extensions.Logging;

namespace Indra.FileSystem.Staging;

/// <summary>
/// Changes to file content: writes, truncation, fallocate and copy_file_range land in a file's staging area
/// (<see cref="StagedContent"/>), and <see cref="Commit"/> saves them as a new leaf version (DESIGN.md §4) on flush,
/// fsync, release and truncate of a closed file. A content change by an unprivileged caller clears set-ID bits
/// (<see cref="SetIdRule"/>) under the inode table's gate.
/// </summary>
internal sealed class WritePath
{
    private readonly InodeTable _inodes;
    private readonly Vault _vault;
    private readonly VaultTree _tree;
    private readonly LeafIdResolver _ids;
    private readonly ILogger _log;

    public WritePath(InodeTable inodes, Vault vault, LeafIdResolver ids)
    {
        _inodes = inodes;
        _vault = vault;
        _tree = vault.Tree;
        _ids = ids;
        _log = vault.Loggers.CreateLogger<WritePath>();
    }

    /// <summary>The directory whose disk holds the vault (the temporary directory's for a vault in memory).</summary>
    private string VaultDirectory => _vault.Directory ?? Path.GetTempPath();

    /// <summary>Writes <paramref name="data"/> through <paramref name="open"/> (at the end for O_APPEND); staged until commit.</summary>
    /// <returns>EBADF, EINVAL, EFBIG, ENOSPC (the staging area's disk is full).</returns>
    public Errno Write(OpenHandle open, long offset, ReadOnlySpan<byte> data, out int bytesWritten)
    {
        bytesWritten = 0;
        if (open.IsDirectory || open.Node is not { } node || !open.CanWrite) return Errno.EBADF;
        if (offset < 0) return Errno.EINVAL;
        try
        {
            lock (node.ContentGate)
            {
                var staged = StagedOf(node);
                var at = open.Append ? staged.Size : offset;
                if (at + data.Length > VaultFileSystem.MaxFileSize) return Errno.EFBIG;
                staged.Write(at, data);
                node.PageCacheId = null;
            }
        }
        catch (IOException e) when (DiskFull.Is(e))
        {
            _log.LogWarning("write to inode {Inode}: {Reason}", node.Number, e.Message);
            return Errno.ENOSPC;
        }
        // Under the kernel's writeback cache the kernel keeps the times and sends them itself (OpenFlags.KernelWriteback).
        TouchContent(node, open.Opener, times: (open.Flags & OpenFlags.KernelWriteback) == 0);
        bytesWritten = data.Length;
        return Errno.None;
    }

    /// <summary>
    /// Truncates or extends a file's content to <paramref name="size"/> bytes, on behalf of <paramref name="writer"/>
    /// (null: the kernel asked for set-ID clearing itself, or the daemon); commits at once when no handle is open.
    /// </summary>
    public Errno Truncate(Inode node, long size, CallerContext? writer)
    {
        if (size > VaultFileSystem.MaxFileSize) return Errno.EFBIG;
        bool commitNow;
        lock (node.ContentGate)
        {
            var staged = StagedOf(node);
            staged.Truncate(size);
            node.PageCacheId = null;
            lock (_inodes.Gate)
            {
                Touch(node, writer);
                commitNow = node.OpenCount == 0;
            }
        }
        return commitNow ? Commit(node, durable: false) : Errno.None;
    }

    /// <summary>fallocate(2) on an open vault file; see <see cref="IVaultFileSystem.Allocate"/>.</summary>
    public Errno Allocate(OpenHandle open, int mode, long offset, long length)
    {
        if (open.Node is not { } node || open.IsDirectory || !open.CanWrite) return Errno.EBADF;
        if (offset < 0 || length <= 0) return Errno.EINVAL;
        if ((mode & ~(FallocateModes.KeepSize | FallocateModes.PunchHole | FallocateModes.ZeroRange)) != 0) return Errno.EOPNOTSUPP;
        var punch = (mode & FallocateModes.PunchHole) != 0;
        var zero = (mode & FallocateModes.ZeroRange) != 0;
        var keepSize = (mode & FallocateModes.KeepSize) != 0;
        if (punch && (zero || !keepSize)) return Errno.EOPNOTSUPP;
        if (offset > VaultFileSystem.MaxFileSize - length) return Errno.EFBIG;
        var end = offset + length;
        lock (node.ContentGate)
        {
            var staged = StagedOf(node);
            if (!punch && !zero && Reserve(staged, offset, end) is var reserved && reserved != Errno.None) return reserved;
            if (punch || zero)
            {
                var zeroEnd = Math.Min(end, staged.Size);
                if (zeroEnd > offset) staged.Zero(offset, zeroEnd - offset);
            }
            if (!keepSize && end > staged.Size) staged.Truncate(end);
            node.PageCacheId = null;
        }
        // Only a change of the bytes (punch, zero) is a write for the set-ID rule; growing the size is not.
        if (punch || zero) TouchContent(node, open.Opener);
        else if (!keepSize) TouchContent(node, writer: null);
        return Errno.None;
    }

    /// <summary>copy_file_range(2) between two open vault files; see <see cref="IVaultFileSystem.CopyRange"/>.</summary>
    public Errno CopyRange(OpenHandle input, long offsetIn, OpenHandle output, long offsetOut, long length, out long copied)
    {
        copied = 0;
        if (input.Node is not { } source || output.Node is not { } target) return Errno.EXDEV;
        if (!input.CanRead || !output.CanWrite || output.Append) return Errno.EBADF;
        if (offsetIn < 0 || offsetOut < 0 || length < 0) return Errno.EINVAL;
        if (source == target && offsetIn < offsetOut + length && offsetOut < offsetIn + length) return Errno.EINVAL;
        // The source's staged writes are committed first, so whole blocks can be shared from its stored version.
        var committed = Commit(source, durable: false);
        if (committed != Errno.None) return committed;
        LeafVersion from;
        lock (source.ContentGate)
        {
            from = source.Committed(_vault.Content);
        }
        length = Math.Min(length, Math.Max(0, from.Size - offsetIn));
        if (length == 0) return Errno.None;
        if (offsetOut > VaultFileSystem.MaxFileSize - length) return Errno.EFBIG;
        var blockSize = _vault.BlockSize;
        var aligned = (offsetIn - offsetOut) % blockSize == 0;
        if (!aligned) length = Math.Min(length, VaultFileSystem.CopyBytesPerRequest);
        try
        {
            lock (target.ContentGate)
            {
                var staged = StagedOf(target);
                var head = aligned ? Math.Min(length, (blockSize - (offsetOut % blockSize)) % blockSize) : length;
                CopyBytes(from, offsetIn, staged, offsetOut, head);
                var done = head;
                var shift = (offsetIn - offsetOut) / blockSize;
                while (aligned && length - done >= blockSize)
                {
                    var index = (offsetOut + done) / blockSize;
                    var sourceIndex = index + shift;
                    if (from.TryGetBlock(sourceIndex, out var block) && block.Size == blockSize) staged.Share(index, block);
                    else if (!from.TryGetBlock(sourceIndex, out _)) staged.Punch(index);
                    else CopyBytes(from, offsetIn + done, staged, offsetOut + done, blockSize);
                    done += blockSize;
                }
                CopyBytes(from, offsetIn + done, staged, offsetOut + done, length - done);
                target.PageCacheId = null;
            }
        }
        catch (Exception e) when (DamagedContent.Is(e))
        {
            // The source's stored blocks are damaged: this request fails, the target keeps what was copied before.
            _log.LogWarning("copy_file_range from inode {Inode}: {Reason}", source.Number, e.Message);
            return Errno.EIO;
        }
        catch (Exception e) when (DiskFull.Is(e, VaultDirectory, _vault.BlockSize))
        {
            _log.LogWarning("copy_file_range to inode {Inode}: {Reason}", target.Number, e.Message);
            return Errno.ENOSPC;
        }
        TouchContent(target, output.Opener);
        copied = length;
        return Errno.None;
    }

    /// <summary>
    /// Makes the staged writes of <paramref name="node"/> a new leaf version: changed blocks are stored first (fsynced
    /// when <paramref name="durable"/>), then the vault tree saves the leaf (<see cref="VaultTree.SaveLeaf"/>: the node
    /// points at the new leaf, the old one is released, blocks nothing references any more are deleted after that
    /// commit). A durable commit (fsync) is on stable storage when this returns; any other joins the queue of tree
    /// writes and lands, atomically with everything queued before it, within <see cref="Vault.QueuedWriteDelay"/> (a
    /// crash before then leaves the previous version). The new version is what every reader sees at once either way.
    /// Queued writes of the node that failed to land since the last commit are answered first.
    /// </summary>
    /// <returns>ENOSPC when the disk fills while the blocks are stored (the staged writes stay, to be retried; this
    /// includes block files written in the background since the writes answered), or when queued writes of the node
    /// failed for a full disk; EIO when either failed otherwise.</returns>
    public Errno Commit(Inode node, bool durable)
    {
        if (_tree.TakeFailure(node.Number) is { } failed)
        {
            _log.LogWarning("queued writes of inode {Inode} did not land: {Reason}", node.Number, failed.Message);
            return failed.DiskFull ? Errno.ENOSPC : Errno.EIO;
        }
        lock (node.ContentGate)
        {
            var staged = node.Staged;
            if (staged is null || !staged.IsDirty)
            {
                if (durable) MakeDurable(node);
                return Errno.None;
            }
            PendingLeaf pending;
            try
            {
                pending = staged.Build(durable);
            }
            catch (Exception e) when (DiskFull.Is(e, VaultDirectory, _vault.BlockSize))
            {
                _log.LogWarning("commit of inode {Inode}: {Reason}", node.Number, e.Message);
                return Errno.ENOSPC;
            }
            catch (IOException e)
            {
                // A block write (in the background since the write answered, or now) failed otherwise: fsync(2) and
                // close(2) report EIO; the staged writes stay, to be retried by the next commit.
                _log.LogWarning("commit of inode {Inode}: {Reason}", node.Number, e.Message);
                return Errno.EIO;
            }
            var version = pending.Version;
            var idPending = pending.IdPending;
            lock (_inodes.Gate)
            {
                // The tree owns the pending version from here (its blocks stay pinned until the save has committed).
                node.Record = _tree.SaveLeaf(node.Record, pending, durable);
                node.Content = version;
            }
            if (idPending) _ids.Enqueue(version.Id);
            // Every byte of this version reached us through the kernel's write paths, which keep its page cache
            // coherent, so the cached pages may be kept at the next open (keep_cache).
            node.PageCacheId = new ArtifactId(version.Id);
            staged.Rebase(version);
            return Errno.None;
        }
    }

    /// <summary>Commits everything staged in every loaded node (unmount, SIGTERM), then the queued metadata and attention.</summary>
    public void FlushAll()
    {
        foreach (var node in _inodes.WithStagedWrites())
        {
            var result = Commit(node, durable: true);
            if (result != Errno.None) _log.LogWarning("could not commit inode {Inode} at flush: {Result}", node.Number, result);
        }
        _tree.Flush();
        _vault.Attention.Flush();
    }

    /// <summary>The staging area of a file, created on its first write. Caller holds the node's content gate.</summary>
    public StagedContent StagedOf(Inode node) =>
        node.Staged ??= new StagedContent(_vault.Content, _vault.StagingDirectory, node.Number, node.Committed(_vault.Content), _vault.ContentBlocks.IsSealed);

    /// <summary>fsync of a file with nothing staged: its blocks and the metadata reach stable storage.</summary>
    private void MakeDurable(Inode node)
    {
        _vault.Content.SyncBlocks(node.Committed(_vault.Content));
        _tree.Sync();
    }

    /// <summary>A content change: the modification and change times move (unless <paramref name="times"/> is false: the
    /// kernel keeps them), and the set-ID rule applies to <paramref name="writer"/>.</summary>
    private void TouchContent(Inode node, CallerContext? writer, bool times = true)
    {
        lock (_inodes.Gate)
        {
            Touch(node, writer, times);
        }
    }

    /// <summary>The times and set-ID bits of a content change. Caller holds the inode table's gate.</summary>
    private void Touch(Inode node, CallerContext? writer, bool times = true)
    {
        if (times)
        {
            var now = _vault.ClockNs();
            node.Record.ModifyTimeNs = now;
            node.Record.ChangeTimeNs = now;
        }
        var record = node.Record;
        record.Mode = SetIdRule.AfterContentChange(record.Mode, record.Gid, record.IsTree, writer);
    }

    /// <summary>
    /// fallocate modes 0 and KEEP_SIZE reserve space: holes cost nothing until written, so Indra checks that the disk
    /// holding the vault has room for the holes of the range now (ENOSPC otherwise); nothing is set aside.
    /// </summary>
    private Errno Reserve(StagedContent staged, long offset, long end)
    {
        var blockSize = _vault.BlockSize;
        var holes = end - offset;
        for (var index = staged.NextData(offset / blockSize); index >= 0 && index * blockSize < end; index = staged.NextData(index + 1))
        {
            var start = Math.Max(offset, index * blockSize);
            var stop = Math.Min(end, Math.Min((index + 1) * blockSize, staged.Size));
            if (stop > start) holes -= stop - start;
        }
        var available = new DriveInfo(VaultDirectory).AvailableFreeSpace;
        return holes > available ? Errno.ENOSPC : Errno.None;
    }

    /// <summary>Copies <paramref name="length"/> bytes through a bounded buffer (the unaligned edges of a copy).</summary>
    private void CopyBytes(LeafVersion from, long offsetIn, StagedContent to, long offsetOut, long length)
    {
        if (length <= 0) return;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(length, _vault.BlockSize));
        try
        {
            for (long done = 0; done < length;)
            {
                var n = (int)Math.Min(buffer.Length, length - done);
                var span = buffer.AsSpan(0, n);
                var got = _vault.Content.Read(from, offsetIn + done, span);
                span[got..].Clear();
                to.Write(offsetOut + done, span);
                done += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
