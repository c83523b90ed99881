using System.Collections.Concurrent;
using Indra.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Indra.Storage.Blocks;

/// <summary>
/// Blocks as files under <c>DIR/ab/abcdef…</c> (the first two hex digits of the BLAKE3 hash fan the files out).
/// A block is written to <c>DIR/tmp/</c> and renamed into place, so a reader never sees half a block; with
/// <c>durable</c> the file and its directory are fsynced first. Open read handles are cached (bounded). Folders are
/// made 0700 and block files 0600 (<see cref="OwnerOnly"/>): blocks are the vault's content, for its owner only.
/// <see cref="PutQueued"/> writes large blocks in the background (<see cref="BlockWriteQueue"/>): every member here
/// sees a queued block as stored (reads are served from its buffer), and <see cref="WaitForWrites"/>,
/// <see cref="Sync"/> and <see cref="SyncMany"/> wait for it to land first. A store that keeps deleted files
/// (<c>keepDeletedFiles</c>) empties a deleted block's file and writes the next block into it
/// (<see cref="KeptBlockFiles"/>, <c>DIR/tmp/kept-*</c>).
/// </summary>
internal sealed class FileBlockStore : IBlockStore, IDisposable
{
    private const int MaxCachedHandles = 512;
    private readonly string _root;
    private readonly string _tmp;
    private readonly ConcurrentDictionary<Blake3Hash, SafeFileHandle> _handles = new();
    private readonly Lazy<BlockWriteQueue> _queue;
    private readonly KeptBlockFiles _kept;
    private readonly BlockReadLeases _leases = new();

    /// <summary>Opens (creating if needed) the block directory <paramref name="root"/>.</summary>
    /// <param name="root">The block directory.</param>
    /// <param name="keepDeletedFiles">Keep deleted blocks' files, emptied, for new blocks (<see cref="KeptBlockFiles"/>).
    /// Only where no read can race a deletion: the vault deletes a block once nothing references or pins it, but a
    /// cache evicts blocks that a read may be using at that moment, and that read must go on seeing the old bytes (an
    /// unlinked file keeps them for an open descriptor; a kept file is emptied and may take another block's bytes).</param>
    public FileBlockStore(string root, bool keepDeletedFiles = false)
    {
        _root = Path.GetFullPath(root);
        _tmp = Path.Combine(_root, "tmp");
        OwnerOnly.CreateFolder(_root);
        OwnerOnly.CreateFolder(_tmp);
        _kept = new KeptBlockFiles(_tmp, keepDeletedFiles);
        for (var fan = 0; fan < 256; fan++) OwnerOnly.CreateFolder(Path.Combine(_root, fan.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        _queue = new Lazy<BlockWriteQueue>(() => new BlockWriteQueue(WriteQueued), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The block directory.</summary>
    public string Root => _root;

    /// <summary>The file that holds block <paramref name="hash"/>.</summary>
    public string PathOf(Blake3Hash hash)
    {
        var hex = hash.ToString();
        return Path.Combine(_root, hex[..2], hex);
    }

    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => (_queue.IsValueCreated && _queue.Value.IsPending(hash)) || File.Exists(PathOf(hash));

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable)
    {
        var path = PathOf(hash);
        if (Contains(hash))
        {
            if (durable) Sync(hash);
            return false;
        }
        var dir = Path.GetDirectoryName(path)!;
        var tmp = WriteDirect(data, durable) ?? WriteBuffered(data, durable);
        File.Move(tmp, path, overwrite: true);
        if (durable) Interop.Unix.FsyncDirectory(dir);
        return true;
    }

    /// <summary>
    /// Stores a block without waiting for its file: a block eligible for direct I/O (see <see cref="WriteDirect"/>) is
    /// copied into an aligned buffer (or handed over in the one the calling thread lends, <see cref="LentBlockBuffer"/>)
    /// and queued (<see cref="BlockWriteQueue"/>), and is visible to every member of this
    /// store at once; other blocks are written as <see cref="Put"/> does. Call <see cref="WaitForWrites"/> before
    /// anything durable references the block (a metadata commit): a failed background write is reported there.
    /// </summary>
    /// <returns>True when the block was written or queued, false when it was already stored or queued.</returns>
    /// <exception cref="IOException">A block written at once could not be written (full, read-only).</exception>
    public bool PutQueued(Blake3Hash hash, ReadOnlySpan<byte> data)
    {
        if (!_direct || data.Length < DirectMinimum || data.Length % AlignedBuffers.Alignment != 0) return Put(hash, data, durable: false);
        if (File.Exists(PathOf(hash))) return false;
        return _queue.Value.TryEnqueue(hash, data);
    }

    /// <summary>
    /// Returns once every queued block of <paramref name="hashes"/> has its file in place (not fsynced); a block whose
    /// background write failed is written once more first.
    /// </summary>
    /// <exception cref="IOException">A block could not be written (HResult: the errno, 28 for a full disk).</exception>
    public void WaitForWrites(IReadOnlyCollection<Blake3Hash> hashes)
    {
        if (_queue.IsValueCreated) _queue.Value.Wait(hashes);
    }

    /// <summary>Blocks written through the queue so far.</summary>
    internal long QueuedWritten => _queue.IsValueCreated ? _queue.Value.Written : 0;

    /// <summary>The background writers' job: one block's file from an aligned buffer, renamed into place.</summary>
    private unsafe void WriteQueued(Blake3Hash hash, nint pointer, int length)
    {
        var tmp = (_direct ? WriteDirectFile((byte*)pointer, length, durable: false) : null)
            ?? WriteBuffered(new ReadOnlySpan<byte>((void*)pointer, length), durable: false);
        try
        {
            File.Move(tmp, PathOf(hash), overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>A new file name in tmp/ (unique).</summary>
    private string NewTempPath() => Path.Combine(_tmp, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Writes <paramref name="length"/> aligned bytes with direct I/O into a claimed kept file (<see cref="KeptBlockFiles"/>)
    /// or, when none is kept, a new file in tmp/, to be renamed into place by the caller.
    /// </summary>
    /// <returns>The file's path, or null when the file system refuses direct I/O (remembered; nothing is left behind).</returns>
    /// <exception cref="IOException">The write failed (the file is deleted).</exception>
    private unsafe string? WriteDirectFile(byte* pointer, int length, bool durable)
    {
        var path = NewTempPath();
        var kept = _kept.TryClaim(path);
        try
        {
            bool written;
            try
            {
                written = Interop.Unix.WriteNewDirect(path, pointer, length, durable, existing: kept);
            }
            catch (FileNotFoundException) when (kept)
            {
                // Deleted after the claim (another store opened on this directory empties tmp/): a new file then.
                written = Interop.Unix.WriteNewDirect(path, pointer, length, durable);
            }
            if (written)
            {
                Interlocked.Increment(ref _directWrites);
                return path;
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }
        _direct = false;
        TryDelete(path);
        return null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left in tmp/, which the next open empties.
        }
    }

    /// <summary>Smallest block written with direct I/O, in bytes (smaller blocks are likely read again soon: the page cache keeps them).</summary>
    public const int DirectMinimum = 64 * 1024;

    /// <summary>False once the file system refused direct I/O; every block is then written through the page cache.</summary>
    private volatile bool _direct = Interop.Unix.DirectWriteAvailable;

    private long _directWrites;

    /// <summary>True while large blocks are written with direct I/O (false on systems without it, or once the file system refused it).</summary>
    internal bool DirectWrites => _direct;

    /// <summary>Emptied files of deleted blocks kept for new blocks now (<see cref="KeptBlockFiles"/>).</summary>
    internal int KeptFiles => _kept.Count;

    /// <summary>Blocks written with direct I/O so far.</summary>
    internal long DirectWritten => Interlocked.Read(ref _directWrites);

    /// <summary>
    /// Writes a large block's file with O_DIRECT: its bytes are copied once into an aligned buffer and go to the disk
    /// from there, instead of being copied into new page-cache pages and written back later, which cost the daemon
    /// about as much CPU per written GiB as everything else together (docs/blocks.md, "Daemon CPU per written GiB").
    /// </summary>
    /// <returns>The written file in tmp/, to be renamed into place; null when the block is not eligible (small, or not
    /// a multiple of <see cref="AlignedBuffers.Alignment"/>) or the file system refuses direct I/O (remembered: later
    /// blocks go straight to the buffered path).</returns>
    private unsafe string? WriteDirect(ReadOnlySpan<byte> data, bool durable)
    {
        if (!_direct || data.Length < DirectMinimum || data.Length % AlignedBuffers.Alignment != 0) return null;
        fixed (byte* given = data)
        {
            // Bytes already aligned (a peer's block received into an aligned buffer) go to the disk as they are.
            if ((nint)given % AlignedBuffers.Alignment == 0) return WriteDirectFile(given, data.Length, durable);
            var buffer = AlignedBuffers.Rent(data.Length);
            try
            {
                StreamingCopy.Copy(given, (byte*)buffer.Pointer, data.Length);
                return WriteDirectFile((byte*)buffer.Pointer, data.Length, durable);
            }
            finally
            {
                AlignedBuffers.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> through the page cache into a claimed kept file (<see cref="KeptBlockFiles"/>,
    /// emptied first; made again if it is gone) or, when none is kept, a new file in tmp/, to be renamed into place by
    /// the caller.
    /// </summary>
    /// <returns>The file's path.</returns>
    /// <exception cref="IOException">The write failed (the file is deleted).</exception>
    private string WriteBuffered(ReadOnlySpan<byte> data, bool durable)
    {
        var path = NewTempPath();
        var kept = _kept.TryClaim(path);
        var options = OwnerOnly.Options(kept ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);
        options.PreallocationSize = data.Length;
        options.BufferSize = 0;
        try
        {
            using var stream = new FileStream(path, options);
            RandomAccess.Write(stream.SafeFileHandle, data, 0);
            if (durable) RandomAccess.FlushToDisk(stream.SafeFileHandle);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
        return path;
    }

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        if (_queue.IsValueCreated && _queue.Value.TryRead(hash, offset, buffer, out var queued)) return queued;
        var leased = _kept.Enabled;
        if (leased) _leases.Enter(hash);
        try
        {
            return ReadFile(hash, offset, buffer);
        }
        finally
        {
            if (leased) _leases.Exit(hash);
        }
    }

    private int ReadFile(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        for (var attempt = 0; ; attempt++)
        {
            var handle = HandleOf(hash);
            try
            {
                var total = 0;
                while (total < buffer.Length)
                {
                    var n = RandomAccess.Read(handle, buffer[total..], offset + total);
                    if (n == 0) break;
                    total += n;
                }
                return total;
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                // Evicted by another thread between lookup and read: open it again.
            }
        }
    }

    /// <summary>
    /// The range as part of the block's file, through the cached read handle (referenced for the range's life, so an
    /// eviction meanwhile closes it only when the range is disposed). Null while the block is still queued for its
    /// background write (its bytes are in the queue's buffer, not yet in a file), and when the file is shorter than
    /// the range's end (fstat(2)): a block file truncated on disk since it was verified would be spliced as a short
    /// read, which the kernel takes for the end of the file, where <see cref="Read"/> gives the caller a short count
    /// that the content layer reports as a corrupt block.
    /// </summary>
    public BlockFileRange? OpenFileRange(Blake3Hash hash, int size, long offset, int length)
    {
        if (_queue.IsValueCreated && _queue.Value.IsPending(hash)) return null;
        var leases = _kept.Enabled ? _leases : null;
        leases?.Enter(hash);
        for (var attempt = 0; ; attempt++)
        {
            var handle = (SafeFileHandle?)null;
            var referenced = false;
            try
            {
                handle = HandleOf(hash);
                handle.DangerousAddRef(ref referenced);
                if (RandomAccess.GetLength(handle) < offset + length)
                {
                    handle.DangerousRelease();
                    leases?.Exit(hash);
                    return null;
                }
                return new BlockFileRange(handle, offset, length, leases, hash);
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                // Evicted by another thread between lookup and reference: open it again.
            }
            catch
            {
                if (referenced) handle!.DangerousRelease();
                leases?.Exit(hash);
                throw;
            }
        }
    }

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash)
    {
        if (_queue.IsValueCreated && _queue.Value.LengthOf(hash) is >= 0 and var length) return length;
        var info = new FileInfo(PathOf(hash));
        return info.Exists ? info.Length : -1;
    }

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash)
    {
        if (_queue.IsValueCreated) _queue.Value.Wait(hash);
        var path = PathOf(hash);
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }
        Interop.Unix.FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Starts reading the block's file into the page cache (POSIX_FADV_WILLNEED) without waiting.</summary>
    public void Prefetch(Blake3Hash hash, int size)
    {
        try
        {
            Interop.Unix.AdviseWillNeed(HandleOf(hash));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Advice only: the read that follows reports a real problem.
        }
    }

    /// <summary>
    /// fsyncs the blocks' files and each fan-out directory that holds one of them (once), all concurrently: the file
    /// system folds their journal commits and cache flushes together, where one directory after another cost a
    /// journal round trip and a device flush each (up to 256 per GiB written). Durable when this returns: every
    /// fsync has returned, and a directory's entries were made when the block was put, before this call.
    /// </summary>
    public void SyncMany(IReadOnlyCollection<Blake3Hash> hashes)
    {
        WaitForWrites(hashes);
        var files = hashes.Select(PathOf).ToList();
        var directories = files.Select(path => Path.GetDirectoryName(path)!).Distinct(StringComparer.Ordinal);
        var work = files.Select(path => (Path: path, Directory: false)).Concat(directories.Select(path => (Path: path, Directory: true))).ToList();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = SyncParallelism }, item =>
        {
            if (item.Directory)
            {
                Interop.Unix.FsyncDirectory(item.Path);
                return;
            }
            using var handle = File.OpenHandle(item.Path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        });
    }

    /// <summary>Concurrent fsync calls in <see cref="SyncMany"/>.</summary>
    private const int SyncParallelism = 16;

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash)
    {
        if (_queue.IsValueCreated) _queue.Value.Forget(hash);
        if (_handles.TryRemove(hash, out var handle)) handle.Dispose();
        var path = PathOf(hash);
        if (!_kept.Enabled || !_leases.KeepUnlessRead(hash, _kept, path)) File.Delete(path);
    }

    /// <inheritdoc/>
    public IEnumerable<Blake3Hash> Enumerate()
    {
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            if (Path.GetFileName(dir).Length != 2) continue;
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                if (Blake3Hash.TryParse(Path.GetFileName(file), out var hash)) yield return hash;
            }
        }
    }

    /// <summary>Closes cached handles.</summary>
    public void Dispose()
    {
        if (_queue.IsValueCreated) _queue.Value.Dispose();
        foreach (var handle in _handles.Values) handle.Dispose();
        _handles.Clear();
    }

    private SafeFileHandle HandleOf(Blake3Hash hash)
    {
        if (_handles.TryGetValue(hash, out var cached)) return cached;
        SafeFileHandle opened;
        try
        {
            opened = File.OpenHandle(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            throw new BlockMissingException(hash);
        }
        catch (DirectoryNotFoundException)
        {
            throw new BlockMissingException(hash);
        }
        if (_handles.Count >= MaxCachedHandles)
        {
            foreach (var key in _handles.Keys.Take(MaxCachedHandles / 4))
            {
                if (_handles.TryRemove(key, out var old)) old.Dispose();
            }
        }
        if (_handles.TryAdd(hash, opened)) return opened;
        opened.Dispose();
        return HandleOf(hash);
    }
}
