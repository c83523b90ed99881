using System.Buffers.Binary;
using System.Collections.Concurrent;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>
/// Checks that a received file's blocks, as stored for the peer that sent them, hash to the file's id (the BLAKE3 of
/// its whole content), and remembers each check by (peer, artifact id, block list) so an unchanged file is not hashed
/// again on the next sync round. A check of one peer's file never stands in for another peer's, nor for the same id
/// over another block list: a peer cannot show an id we verified from someone else over bytes of its own.
/// A file whose blocks are whole BLAKE3 subtrees (every block but a shorter last one of one power-of-two size) is
/// checked from its blocks' chaining values (<see cref="Blake3Subtree.RootHash"/>): those its fetch just checked
/// are taken as they are (the check computed them from the bytes at their position), the rest are computed from the
/// stored bytes, and the tail is hashed; so a freshly fetched file is not read and hashed a second time.
/// Thread-safe.
/// </summary>
internal sealed class LeafVerifier
{
    /// <summary>Most checks remembered; the memory starts over past it (a forgotten check is simply done again).</summary>
    internal const int Remembered = 100_000;

    private readonly ConcurrentDictionary<(PlayerId Peer, Blake3Hash Id, Blake3Hash BlockList), byte> _verified = new();

    /// <summary>Checks <paramref name="file"/> from <paramref name="peer"/> against its id unless that exact file was checked before.</summary>
    /// <param name="peer">The peer that sent the file.</param>
    /// <param name="store">That peer's received blocks (every block of the file is in it).</param>
    /// <param name="file">A received file entry.</param>
    /// <returns>True when the file was hashed now, false when a remembered check covered it.</returns>
    /// <exception cref="PeerProtocolException">The blocks do not hash to the file's id.</exception>
    /// <exception cref="MissingBlockException">A block is not stored.</exception>
    internal bool Verify(PlayerId peer, ContentBlocks store, ReceivedEntry file) => Verify(peer, store, file, new Dictionary<(BlockHash, long), ChainingValue>());

    /// <summary>
    /// Checks <paramref name="file"/> as <see cref="Verify(PlayerId, ContentBlocks, ReceivedEntry)"/> does, taking the
    /// chaining values in <paramref name="checkedNow"/> for the blocks at those offsets instead of reading them.
    /// </summary>
    /// <param name="peer">The peer that sent the file.</param>
    /// <param name="store">That peer's received blocks.</param>
    /// <param name="file">A received file entry.</param>
    /// <param name="checkedNow">Chaining values, by (block name, byte offset in this file), that were computed from the
    /// very bytes now stored under that name while checking them at that offset.</param>
    /// <returns>True when the file was checked now, false when a remembered check covered it.</returns>
    /// <exception cref="PeerProtocolException">The blocks do not hash to the file's id.</exception>
    /// <exception cref="MissingBlockException">A block is not stored.</exception>
    internal bool Verify(PlayerId peer, ContentBlocks store, ReceivedEntry file, IReadOnlyDictionary<(BlockHash Hash, long Offset), ChainingValue> checkedNow)
    {
        var key = (peer, file.ArtifactId, Digest(file.Blocks));
        if (_verified.ContainsKey(key)) return false;
        var id = FromChainingValues(store, file.Blocks, checkedNow) ?? Hash(store, file.Blocks);
        if (id != file.ArtifactId) throw new PeerProtocolException($"{file.Path} does not hash to its id {file.ArtifactId}: refused");
        if (_verified.Count >= Remembered) _verified.Clear();
        _verified.TryAdd(key, 0);
        return true;
    }

    /// <summary>BLAKE3 of the concatenated blocks.</summary>
    /// <exception cref="MissingBlockException">A block is not stored.</exception>
    /// <exception cref="IOException">A block is shorter than recorded.</exception>
    internal static Blake3Hash Hash(ContentBlocks store, IReadOnlyList<BlockRef> blocks)
    {
        var hasher = new Blake3Hasher();
        var buffer = new byte[blocks.Count == 0 ? 0 : blocks.Max(b => b.Size)];
        foreach (var block in blocks)
        {
            var span = buffer.AsSpan(0, block.Size);
            if (store.Read(block.Hash, 0, span) != block.Size) throw new IOException($"block {block.Hash} is shorter than recorded");
            hasher.Update(span);
        }
        return hasher.Finalize();
    }

    /// <summary>
    /// The file's hash from its blocks' chaining values, or null when its blocks are not whole subtrees (sizes other
    /// than one power of two of at least 1024 bytes for every block but a shorter last one, or a single block).
    /// </summary>
    /// <exception cref="MissingBlockException">A block is not stored.</exception>
    /// <exception cref="IOException">A block is shorter than recorded.</exception>
    private static Blake3Hash? FromChainingValues(ContentBlocks store, IReadOnlyList<BlockRef> blocks, IReadOnlyDictionary<(BlockHash Hash, long Offset), ChainingValue> checkedNow)
    {
        if (blocks.Count < 2) return null;
        var size = blocks[0].Size;
        if (size < 1024 || !int.IsPow2(size) || blocks[^1].Size is var last && (last < 1 || last > size)) return null;
        for (var i = 1; i < blocks.Count - 1; i++)
        {
            if (blocks[i].Size != size) return null;
        }
        var full = last == size ? blocks.Count : blocks.Count - 1;
        var cvs = new ChainingValue[full];
        byte[]? buffer = null;
        for (var i = 0; i < full; i++)
        {
            var offset = (long)i * size;
            if (checkedNow.TryGetValue((blocks[i].Hash, offset), out var cv))
            {
                cvs[i] = cv;
                continue;
            }
            buffer ??= new byte[size];
            if (store.Read(blocks[i].Hash, 0, buffer) != size) throw new IOException($"block {blocks[i].Hash} is shorter than recorded");
            cvs[i] = Blake3Subtree.ComputeChainingValue(buffer, (ulong)offset / 1024);
        }
        if (full == blocks.Count) return Blake3Subtree.RootHash(cvs, size, []);
        buffer ??= new byte[size];
        var tail = buffer.AsSpan(0, last);
        if (store.Read(blocks[^1].Hash, 0, tail) != last) throw new IOException($"block {blocks[^1].Hash} is shorter than recorded");
        return Blake3Subtree.RootHash(cvs, size, tail);
    }

    /// <summary>BLAKE3 over the block list (each block's hash, then its size as 4 bytes little-endian): names the list in a key.</summary>
    private static Blake3Hash Digest(IReadOnlyList<BlockRef> blocks)
    {
        var hasher = new Blake3Hasher();
        Span<byte> item = stackalloc byte[Blake3Hash.Size + sizeof(int)];
        foreach (var block in blocks)
        {
            block.Hash.Hash.CopyTo(item);
            BinaryPrimitives.WriteInt32LittleEndian(item[Blake3Hash.Size..], block.Size);
            hasher.Update(item);
        }
        return hasher.Finalize();
    }
}
