using Indra.Engine.Domain;
using Indra.Storage.Blocks;

namespace Indra.Engine.Content;

/// <summary>
/// A content-addressed store of blocks as the layers above the engine see it: bytes named by their
/// <see cref="BlockHash"/>. The vault's own blocks (<see cref="Vaults.Vault.ContentBlocks"/>) and block stores kept
/// beside the vault (the blocks peers sent us) are both reached through it, so no layer above needs the stores.
/// </summary>
public sealed class ContentBlocks : IDisposable
{
    private readonly IBlockStore _store;
    private readonly bool _owned;

    internal ContentBlocks(IBlockStore store, bool owned)
    {
        _store = store;
        _owned = owned;
    }

    /// <summary>A store of block files under <paramref name="directory"/> (made if missing), owned by the caller.</summary>
    /// <exception cref="IOException">The directory cannot be made.</exception>
    public static ContentBlocks OpenDirectory(string directory) => new(new FileBlockStore(directory), owned: true);

    /// <summary>
    /// A store of block files under <paramref name="directory"/> (made if missing) kept beside this one, owned by the
    /// caller: when this store seals its blocks (an encrypted vault's, <see cref="IsSealed"/>), the new one seals them
    /// under the same vault key (docs/encryption.md), else it keeps them plain as <see cref="OpenDirectory"/> does.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be made.</exception>
    public ContentBlocks OpenDirectoryBeside(string directory) => new(Vaults.Keys.VaultSealing.SealLike(_store, new FileBlockStore(directory)), owned: true);

    /// <summary>True when blocks are sealed (encrypted and authenticated) before they reach the disk: the stores of an encrypted vault.</summary>
    public bool IsSealed => Vaults.Keys.VaultSealing.IsSealed(_store);

    /// <summary>A store in memory (tests).</summary>
    public static ContentBlocks InMemory() => new(new MemoryBlockStore(), owned: true);

    /// <summary>True when block <paramref name="hash"/> is stored.</summary>
    public bool Contains(BlockHash hash) => _store.Contains(hash.Hash);

    /// <summary>Stores <paramref name="data"/> as block <paramref name="hash"/> (the caller has checked that it hashes to it).</summary>
    /// <param name="hash">BLAKE3 of <paramref name="data"/>.</param>
    /// <param name="data">The block's bytes.</param>
    /// <param name="durable">Make it survive power loss before returning (fsync).</param>
    /// <returns>False when it was stored already.</returns>
    public bool Put(BlockHash hash, ReadOnlySpan<byte> data, bool durable) => _store.Put(hash.Hash, data, durable);

    /// <summary>Reads block <paramref name="hash"/> from byte <paramref name="offset"/> into <paramref name="buffer"/>.</summary>
    /// <returns>Bytes read; fewer than asked only at the end of the block.</returns>
    /// <exception cref="MissingBlockException">The block is not stored.</exception>
    /// <exception cref="CorruptBlockException">A sealed block does not authenticate.</exception>
    public int Read(BlockHash hash, long offset, Span<byte> buffer)
    {
        try
        {
            return _store.Read(hash.Hash, offset, buffer);
        }
        catch (BlockMissingException e)
        {
            throw new MissingBlockException(hash, e);
        }
        catch (Storage.Blocks.Sealing.BrokenSealException e)
        {
            throw new CorruptBlockException(hash.Hash, Storage.Blocks.Sealing.BrokenSealException.Reason, e);
        }
    }

    /// <summary>
    /// Hints that block <paramref name="hash"/> (<paramref name="size"/> bytes) will be read soon, so the store starts
    /// loading it without waiting (for block files: <c>posix_fadvise(POSIX_FADV_WILLNEED)</c>). Never throws: a block
    /// that is gone is reported by the read that follows.
    /// </summary>
    public void Prefetch(BlockHash hash, int size) => _store.Prefetch(hash.Hash, size);

    /// <summary>The size of block <paramref name="hash"/> in bytes, or -1 when it is not stored.</summary>
    public long SizeOf(BlockHash hash) => _store.SizeOf(hash.Hash);

    /// <summary>Deletes block <paramref name="hash"/> (nothing happens when it is not stored).</summary>
    public void Delete(BlockHash hash) => _store.Delete(hash.Hash);

    /// <summary>Every stored block.</summary>
    public IEnumerable<BlockHash> Enumerate() => _store.Enumerate().Select(h => new BlockHash(h));

    /// <summary>Closes the store when this object opened it (<see cref="OpenDirectory"/>, <see cref="InMemory"/>).</summary>
    public void Dispose()
    {
        if (_owned) (_store as IDisposable)?.Dispose();
    }
}
