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
    internal bool Verify(PlayerId peer, ContentBlocks store, ReceivedEntry file)
    {
        var key = (peer, file.ArtifactId, Digest(file.Blocks));
        if (_verified.ContainsKey(key)) return false;
        if (Hash(store, file.Blocks) != file.ArtifactId) throw new PeerProtocolException($"{file.Path} does not hash to its id {file.ArtifactId}: refused");
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
