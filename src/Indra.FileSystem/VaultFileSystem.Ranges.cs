using Indra.Engine.Content;
using Indra.FileSystem.Nodes;
using Indra.Storage.Blocks;

namespace Indra.FileSystem;

public sealed partial class VaultFileSystem
{
    /// <summary>Most bytes one copy_file_range request moves through the daemon when the ranges are not block-aligned
    /// to each other (a short count; the caller loops, as copy_file_range(2) allows).</summary>
    public const long CopyBytesPerRequest = 64L << 20;

    /// <inheritdoc/>
    public Errno Allocate(ulong inode, ulong handle, int mode, long offset, long length)
    {
        try
        {
            var open = _handles.Get(handle);
            if (open?.Node is not { } node || open.IsDirectory) return Errno.EBADF;
            if (!open.CanWrite) return Errno.EBADF;
            if (offset < 0 || length <= 0) return Errno.EINVAL;
            if ((mode & ~(FallocateModes.KeepSize | FallocateModes.PunchHole | FallocateModes.ZeroRange)) != 0) return Errno.EOPNOTSUPP;
            var punch = (mode & FallocateModes.PunchHole) != 0;
            var zero = (mode & FallocateModes.ZeroRange) != 0;
            var keepSize = (mode & FallocateModes.KeepSize) != 0;
            if (punch && (zero || !keepSize)) return Errno.EOPNOTSUPP;
            if (offset > MaxFileSize - length) return Errno.EFBIG;
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
            if (punch || zero || !keepSize) TouchContent(node);
            return Errno.None;
        }
        catch (Exception e)
        {
            return Fail(e, $"fallocate {inode}");
        }
    }

    /// <summary>
    /// fallocate modes 0 and KEEP_SIZE reserve space: holes cost nothing until written, so Indra checks that the disk
    /// holding the vault has room for the holes of the range now (ENOSPC otherwise); nothing is set aside.
    /// </summary>
    private Errno Reserve(Staging.StagedContent staged, long offset, long end)
    {
        var blockSize = _vault.BlockSize;
        var holes = end - offset;
        for (var index = staged.NextData(offset / blockSize); index >= 0 && index * blockSize < end; index = staged.NextData(index + 1))
        {
            var start = Math.Max(offset, index * blockSize);
            var stop = Math.Min(end, Math.Min((index + 1) * blockSize, staged.Size));
            if (stop > start) holes -= stop - start;
        }
        var available = new DriveInfo(_vault.Directory ?? Path.GetTempPath()).AvailableFreeSpace;
        return holes > available ? Errno.ENOSPC : Errno.None;
    }

    /// <inheritdoc/>
    public Errno Seek(ulong inode, ulong handle, long offset, int whence, out long position)
    {
        position = 0;
        try
        {
            var open = _handles.Get(handle);
            if (open?.Node is not { } node || open.IsDirectory) return open?.VirtualContent is not null || open?.Shared is not null ? Errno.ENOSYS : Errno.EBADF;
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
                    var content = ContentOf(node);
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
        catch (Exception e)
        {
            return Fail(e, $"lseek {inode}");
        }
    }

    /// <inheritdoc/>
    public Errno CopyRange(ulong inodeIn, ulong handleIn, long offsetIn, ulong inodeOut, ulong handleOut, long offsetOut, long length, out long copied)
    {
        copied = 0;
        try
        {
            var input = _handles.Get(handleIn);
            var output = _handles.Get(handleOut);
            if (input?.Node is not { } source || output?.Node is not { } target) return Errno.EXDEV;
            if (!input.CanRead || !output.CanWrite || output.Append) return Errno.EBADF;
            if (offsetIn < 0 || offsetOut < 0 || length < 0) return Errno.EINVAL;
            if (source == target && offsetIn < offsetOut + length && offsetOut < offsetIn + length) return Errno.EINVAL;
            // The source's staged writes are committed first, so whole blocks can be shared from its stored version.
            var committed = Commit(source, durable: false);
            if (committed != Errno.None) return committed;
            LeafVersion from;
            lock (source.ContentGate)
            {
                from = ContentOf(source);
            }
            length = Math.Min(length, Math.Max(0, from.Size - offsetIn));
            if (length == 0) return Errno.None;
            if (offsetOut > MaxFileSize - length) return Errno.EFBIG;
            var blockSize = _vault.BlockSize;
            var aligned = (offsetIn - offsetOut) % blockSize == 0;
            if (!aligned) length = Math.Min(length, CopyBytesPerRequest);
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
            TouchContent(target);
            copied = length;
            return Errno.None;
        }
        catch (Exception e) when (e is BlockMissingException or CorruptBlockException)
        {
            _log($"copy_file_range from inode {inodeIn} ({PathFor(inodeIn)}): {e.Message}");
            return Errno.EIO;
        }
        catch (Exception e)
        {
            return Fail(e, $"copy_file_range {inodeIn} -> {inodeOut}");
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes through a bounded buffer (the unaligned edges of a copy).</summary>
    private void CopyBytes(LeafVersion from, long offsetIn, Staging.StagedContent to, long offsetOut, long length)
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

    /// <summary>One day in nanoseconds: relatime's longest wait between access-time updates.</summary>
    private const long RelatimeWindowNs = 24L * 3600 * 1_000_000_000;

    /// <summary>
    /// A read or listing: the access time moves as Linux's default <c>relatime</c> mount option moves it (mount(8)):
    /// when it is not later than the modification or change time, or is more than a day old. The kernel leaves atime
    /// of FUSE inodes to the filesystem.
    /// </summary>
    private void TouchAccess(Inode node)
    {
        lock (_tree)
        {
            var record = node.Record;
            var now = Now();
            if (record.AccessTimeNs > record.ModifyTimeNs && record.AccessTimeNs > record.ChangeTimeNs && now - record.AccessTimeNs < RelatimeWindowNs) return;
            record = record.Clone();
            record.AccessTimeNs = now;
            node.Record = record;
            _metadata.DeferNodeUpdate(record);
        }
    }

    /// <summary>A content change made outside write(2): the modification and change times move.</summary>
    private void TouchContent(Inode node)
    {
        lock (_tree)
        {
            var now = Now();
            node.Record.ModifyTimeNs = now;
            node.Record.ChangeTimeNs = now;
        }
    }
}
