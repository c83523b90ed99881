using Indra.Hashing;

namespace Indra.Storage.Blocks;

/// <summary>
/// Content-addressed storage of opaque blocks, each named by the BLAKE3 hash of its bytes. The store knows nothing of
/// files or references: which blocks are alive is the metadata store's business.
/// </summary>
internal interface IBlockStore
{
    /// <summary>True when a block with this hash is stored.</summary>
    bool Contains(Blake3Hash hash);

    /// <summary>
    /// Stores <paramref name="data"/> under <paramref name="hash"/> (the caller computed it) unless already present.
    /// The block becomes visible atomically (never half-written).
    /// </summary>
    /// <param name="hash">BLAKE3 of <paramref name="data"/>.</param>
    /// <param name="data">The block's bytes.</param>
    /// <param name="durable">When true the block is on stable storage when the call returns (fsync of the file and its directory).</param>
    /// <returns>True when the block was written, false when it was already stored.</returns>
    /// <exception cref="IOException">The disk refused the write (full, read-only).</exception>
    bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable);

    /// <summary>
    /// Stores a block as <see cref="Put"/> without <c>durable</c>, but a store may write it in the background: it is
    /// visible to this store's members at once, and lands (or fails) before <see cref="WaitForWrites"/> for it returns.
    /// A caller must wait for a block before anything durable references it. The default writes at once.
    /// </summary>
    /// <returns>True when the block was written or queued, false when it was already stored.</returns>
    /// <exception cref="IOException">The disk refused a write made at once (full, read-only).</exception>
    bool PutQueued(Blake3Hash hash, ReadOnlySpan<byte> data) => Put(hash, data, durable: false);

    /// <summary>
    /// Returns once the blocks of <paramref name="hashes"/> stored with <see cref="PutQueued"/> have landed (as
    /// <see cref="Put"/> without <c>durable</c> would have left them). The default has nothing to wait for.
    /// </summary>
    /// <exception cref="IOException">A background write failed and failed again when retried (HResult: the errno).</exception>
    void WaitForWrites(IReadOnlyCollection<Blake3Hash> hashes)
    {
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes of a block from <paramref name="offset"/> (bytes).</summary>
    /// <returns>Bytes read; fewer than asked only at the block's end.</returns>
    /// <exception cref="BlockMissingException">No block with this hash is stored.</exception>
    int Read(Blake3Hash hash, long offset, Span<byte> buffer);

    /// <summary>Reads from a block whose size in bytes the caller knows (stores may use it to find the block faster).</summary>
    /// <exception cref="BlockMissingException">No block with this hash is stored.</exception>
    int Read(Blake3Hash hash, int size, long offset, Span<byte> buffer) => Read(hash, offset, buffer);

    /// <summary>
    /// Holds bytes <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/> of block
    /// <paramref name="hash"/> (of <paramref name="size"/> bytes) as a range of the plain file that stores them, for a
    /// reply sent from the file without a copy. Null when the block is not kept as such a file in this store (in the
    /// database, sealed, in a cache over an object store, or still being written in the background): the caller reads
    /// the bytes instead. The default is null.
    /// </summary>
    /// <exception cref="BlockMissingException">No block with this hash is stored.</exception>
    BlockFileRange? OpenFileRange(Blake3Hash hash, int size, long offset, int length) => null;

    /// <summary>Size of a stored block in bytes, or -1 when absent.</summary>
    long SizeOf(Blake3Hash hash);

    /// <summary>Makes an already stored block durable (fsync), for fsync(2) of a file committed earlier without it.</summary>
    void Sync(Blake3Hash hash);

    /// <summary>
    /// Hints that block <paramref name="hash"/> (of <paramref name="size"/> bytes) will be read soon, so a store may
    /// start fetching it without waiting (a sequential reader's next block). Never throws.
    /// </summary>
    void Prefetch(Blake3Hash hash, int size)
    {
    }

    /// <summary>
    /// Makes several stored blocks durable; stores may overlap the work (one fsync(2) at a time per block costs a
    /// journal commit each). Durable when this returns.
    /// </summary>
    void SyncMany(IReadOnlyCollection<Blake3Hash> hashes)
    {
        foreach (var hash in hashes) Sync(hash);
    }

    /// <summary>Removes a block; absent blocks are ignored.</summary>
    void Delete(Blake3Hash hash);

    /// <summary>Every stored block's hash (for fsck and gc).</summary>
    IEnumerable<Blake3Hash> Enumerate();
}
