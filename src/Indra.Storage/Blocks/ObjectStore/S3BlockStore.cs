using System.Collections.Concurrent;
using Indra.Hashing;

namespace Indra.Storage.Blocks.ObjectStore;

/// <summary>
/// Blocks as objects of an S3-compatible store, one object per block at <see cref="S3Location.BlockKey"/>. Blocks are
/// content-addressed, so a PUT is idempotent: a block already stored (known, or found by HEAD) is not sent again.
/// An acknowledged PUT is durable on the store, so <see cref="Sync"/> has nothing to do. Reads fetch the whole object
/// (kept in <see cref="RecentBlocks"/>; <see cref="Prefetch"/> fetches ahead) and check it by BLAKE3 before serving any
/// byte of it. Only a full block (the vault's block size) past a file's first may be named by its chaining value at its
/// position (docs/blocks.md): every other block must hash to its name, and is checked against it here. A full block
/// that does not hash to its name is taken as positional: the engine checks it by that rule on its first read in the
/// process, and every later fetch of it here (and of a block this store wrote) must hash to what the bytes hashed to
/// then. A mismatch is
/// <see cref="ObjectCorruptException"/>; a missing object <see cref="BlockMissingException"/>; an unreachable store
/// <see cref="ObjectStoreException"/> after <see cref="S3Bucket"/>'s retries. All three are IOExceptions (EIO).
/// </summary>
internal sealed class S3BlockStore : IBlockStore, IDisposable
{
    /// <summary>Bytes of whole blocks kept in memory after a fetch (64 MiB).</summary>
    public const long RecentCapacity = 64L << 20;

    /// <summary>Entries of the per-process size and digest memos before they are cleared (about a million).</summary>
    private const int MemoLimit = 1 << 20;

    private readonly S3Bucket _bucket;
    private readonly RecentBlocks _recent = new(RecentCapacity);
    private readonly ConcurrentDictionary<Blake3Hash, long> _sizes = new();
    private readonly ConcurrentDictionary<Blake3Hash, Blake3Hash> _digests = new();
    private readonly ConcurrentDictionary<Blake3Hash, Task<byte[]?>> _fetching = new();

    private readonly int _blockSize;

    /// <summary>A store over <paramref name="bucket"/> (owned: disposed with the store).</summary>
    /// <param name="bucket">The bucket and prefix.</param>
    /// <param name="blockSize">The vault's block size in bytes: only blocks of this size may be named by position.</param>
    public S3BlockStore(S3Bucket bucket, int blockSize)
    {
        _bucket = bucket;
        _blockSize = blockSize;
    }

    /// <summary>The bucket and prefix.</summary>
    public S3Location Location => _bucket.Location;

    /// <summary>
    /// True when the objects are sealed blocks (an encrypted vault, docs/encryption.md): their bytes never hash to the
    /// block's name, and the sealing layer above authenticates each one whole, so this store does not check them.
    /// </summary>
    public bool Sealed { get; init; }

    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => SizeOf(hash) >= 0;

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable)
    {
        if (SizeOf(hash) >= 0) return false;
        // What a later fetch of a block named by position must hash to (a plain-named block is checked by its name).
        var digest = Blake3.Hash(data);
        if (digest != hash) Remember(_digests, hash, digest);
        _bucket.Put(_bucket.Location.BlockKey(hash), data.ToArray());
        Remember(_sizes, hash, data.Length);
        return true;
    }

    /// <inheritdoc/>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        var bytes = Fetch(hash);
        if (offset >= bytes.Length) return 0;
        var n = (int)Math.Min(buffer.Length, bytes.Length - offset);
        bytes.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    /// <inheritdoc/>
    public long SizeOf(Blake3Hash hash)
    {
        if (_sizes.TryGetValue(hash, out var known)) return known;
        var size = _bucket.Head(_bucket.Location.BlockKey(hash));
        if (size >= 0) Remember(_sizes, hash, size);
        return size;
    }

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash)
    {
        // Nothing: the store acknowledged every PUT once it was durable there.
    }

    /// <inheritdoc/>
    public void SyncMany(IReadOnlyCollection<Blake3Hash> hashes)
    {
        // Nothing, as Sync.
    }

    /// <inheritdoc/>
    public void Prefetch(Blake3Hash hash, int size)
    {
        if (_recent.TryGet(hash, out _)) return;
        _ = StartFetch(hash);
    }

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash)
    {
        _bucket.Delete(_bucket.Location.BlockKey(hash));
        _sizes.TryRemove(hash, out _);
        _digests.TryRemove(hash, out _);
        _recent.Remove(hash);
    }

    /// <inheritdoc/>
    /// <remarks>Lists the bucket a page of 1,000 keys at a time (ListObjectsV2), so memory stays bounded; the sizes
    /// listed are remembered for <see cref="SizeOf"/>.</remarks>
    public IEnumerable<Blake3Hash> Enumerate()
    {
        foreach (var (key, size) in _bucket.List(_bucket.Location.BlocksPrefix))
        {
            if (!_bucket.Location.TryParseBlockKey(key, out var hash)) continue;
            Remember(_sizes, hash, size); // a SizeOf after the listing needs no HEAD
            yield return hash;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _bucket.Dispose();

    /// <summary>The whole block, from memory, from a prefetch under way, or fetched here and checked.</summary>
    private byte[] Fetch(Blake3Hash hash)
    {
        if (_recent.TryGet(hash, out var held)) return held;
        var created = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _fetching.GetOrAdd(hash, created.Task);
        // The fetch runs on this thread (not the pool's): a reader may hold locks that pool threads wait for.
        if (task == created.Task) FetchInto(hash, created);
        return task.GetAwaiter().GetResult() ?? throw new BlockMissingException(hash);
    }

    /// <summary>Starts a background fetch of the block unless one is under way.</summary>
    private Task<byte[]?> StartFetch(Blake3Hash hash)
    {
        var created = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _fetching.GetOrAdd(hash, created.Task);
        if (task == created.Task) _ = Task.Run(() => FetchInto(hash, created));
        return task;
    }

    /// <summary>Fetches and checks the block, completing <paramref name="result"/> (null: no such object).</summary>
    private void FetchInto(Blake3Hash hash, TaskCompletionSource<byte[]?> result)
    {
        try
        {
            var bytes = _bucket.Get(_bucket.Location.BlockKey(hash));
            if (bytes is not null)
            {
                Check(hash, bytes);
                _recent.Add(hash, bytes);
                Remember(_sizes, hash, bytes.Length);
            }
            result.SetResult(bytes);
        }
        catch (Exception e)
        {
            result.SetException(e);
        }
        finally
        {
            _fetching.TryRemove(hash, out _);
        }
    }

    /// <summary>
    /// Refuses bytes that do not hash to their plain name, unless the block is named by position; then they must hash
    /// as the first fetch in this process did (which the engine verified by the positional rule).
    /// </summary>
    private void Check(Blake3Hash hash, byte[] bytes)
    {
        if (Sealed) return;
        var digest = Blake3.Hash(bytes);
        if (digest == hash) return;
        if (bytes.Length != _blockSize) throw new ObjectCorruptException(hash, _bucket.Location.BlockKey(hash));
        if (_digests.TryGetValue(hash, out var first))
        {
            if (first != digest) throw new ObjectCorruptException(hash, _bucket.Location.BlockKey(hash));
            return;
        }
        Remember(_digests, hash, digest);
    }

    private static void Remember<T>(ConcurrentDictionary<Blake3Hash, T> memo, Blake3Hash hash, T value)
    {
        if (memo.Count >= MemoLimit) memo.Clear();
        memo[hash] = value;
    }
}
