using System.Buffers;
using System.Security.Cryptography;
using Indra.Hashing;

namespace Indra.Storage.Blocks.Sealing;

/// <summary>
/// Encryption at rest for any block store: every block is sealed (<see cref="BlockSeal"/>: AES-256-GCM under a key
/// derived from the vault key and the block's name) before it is handed to <paramref name="inner"/>, and opened and
/// authenticated whole when read, so no plain byte of a block leaves the process towards the store. Blocks keep their
/// names (the BLAKE3 hash or chaining value of their plain bytes). Sizes seen through this store are plain sizes:
/// <see cref="SizeOf"/> reports the plain size, and <see cref="Read(Blake3Hash, int, long, Span{byte})"/> asks the
/// inner store for the sealed size (plain + <see cref="BlockSeal.Overhead"/>), which is also the length the inner
/// store was given at <see cref="Put"/>, so a store that routes by size (<see cref="TieredBlockStore"/>) finds the
/// block where it put it. A block that does not authenticate throws <see cref="BrokenSealException"/>. Recently opened
/// blocks are kept in plain form in memory (<see cref="OpenedBlockCache"/>, bounded) for readers taking a block in
/// pieces.
/// </summary>
/// <param name="inner">The store that holds the sealed blocks (disposed with this one).</param>
/// <param name="vaultKey">The vault key (<see cref="BlockSeal.KeyLength"/> bytes); this store keeps its own copy and zeroes it when disposed.</param>
/// <param name="openedCacheBytes">Most bytes of opened plain blocks kept in memory.</param>
internal sealed class SealedBlockStore(IBlockStore inner, ReadOnlySpan<byte> vaultKey, long openedCacheBytes = SealedBlockStore.DefaultOpenedCacheBytes) : IBlockStore, IDisposable
{
    /// <summary>Default bound of the opened-block cache in bytes (32 MiB).</summary>
    public const long DefaultOpenedCacheBytes = 32L << 20;

    private readonly byte[] _key = KeyOf(vaultKey);
    private readonly OpenedBlockCache _opened = new(openedCacheBytes);

    /// <summary>The store holding the sealed blocks.</summary>
    public IBlockStore Inner => inner;

    /// <summary>
    /// A store sealing into <paramref name="other"/> under this store's vault key, so a block seals there to the same
    /// bytes as here (convergent within the vault): how blocks kept beside the vault's own (those peers sent) are sealed.
    /// </summary>
    /// <param name="other">The store to hold the sealed blocks (disposed with the new store).</param>
    /// <param name="openedCacheBytes">Most bytes of opened plain blocks the new store keeps in memory.</param>
    public SealedBlockStore Beside(IBlockStore other, long openedCacheBytes) => new(other, _key, openedCacheBytes);

    /// <inheritdoc/>
    public bool Contains(Blake3Hash hash) => inner.Contains(hash);

    /// <inheritdoc/>
    public bool Put(Blake3Hash hash, ReadOnlySpan<byte> data, bool durable)
    {
        var length = data.Length + BlockSeal.Overhead;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var sealedBlock = rented.AsSpan(0, length);
            BlockSeal.Seal(_key, hash, data, sealedBlock);
            return inner.Put(hash, sealedBlock, durable);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="BrokenSealException">The stored block does not authenticate.</exception>
    public int Read(Blake3Hash hash, long offset, Span<byte> buffer)
    {
        if (_opened.Get(hash) is { } plain) return CopyOut(plain, offset, buffer);
        var stored = inner.SizeOf(hash);
        if (stored < 0) throw new BlockMissingException(hash);
        return CopyOut(Open(hash, (int)Math.Min(stored, int.MaxValue), size => inner.Read(hash, 0, size)), offset, buffer);
    }

    /// <inheritdoc/>
    /// <exception cref="BrokenSealException">The stored block does not authenticate (or is not <paramref name="size"/> bytes once opened).</exception>
    public int Read(Blake3Hash hash, int size, long offset, Span<byte> buffer)
    {
        if (_opened.Get(hash) is { } plain) return CopyOut(plain, offset, buffer);
        return CopyOut(Open(hash, size + BlockSeal.Overhead, sealedBlock => inner.Read(hash, sealedBlock.Length, 0, sealedBlock)), offset, buffer);
    }

    /// <summary>The plain size of a stored block in bytes (its sealed size less <see cref="BlockSeal.Overhead"/>), or -1 when absent.</summary>
    public long SizeOf(Blake3Hash hash)
    {
        var stored = inner.SizeOf(hash);
        return stored < 0 ? -1 : Math.Max(0, stored - BlockSeal.Overhead);
    }

    /// <inheritdoc/>
    public void Sync(Blake3Hash hash) => inner.Sync(hash);

    /// <inheritdoc/>
    public void Prefetch(Blake3Hash hash, int size) => inner.Prefetch(hash, size + BlockSeal.Overhead);

    /// <inheritdoc/>
    public void SyncMany(IReadOnlyCollection<Blake3Hash> hashes) => inner.SyncMany(hashes);

    /// <inheritdoc/>
    public void Delete(Blake3Hash hash)
    {
        _opened.Remove(hash);
        inner.Delete(hash);
    }

    /// <inheritdoc/>
    public IEnumerable<Blake3Hash> Enumerate() => inner.Enumerate();

    /// <summary>Zeroes the key and disposes the inner store.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        (inner as IDisposable)?.Dispose();
    }

    private static byte[] KeyOf(ReadOnlySpan<byte> vaultKey)
    {
        if (vaultKey.Length != BlockSeal.KeyLength) throw new ArgumentException($"the vault key must be {BlockSeal.KeyLength} bytes", nameof(vaultKey));
        return vaultKey.ToArray();
    }

    /// <summary>Reads up to <paramref name="sealedLength"/> stored bytes with <paramref name="read"/>, opens them whole and keeps the plain block.</summary>
    private byte[] Open(Blake3Hash hash, int sealedLength, SealedReader read)
    {
        var rented = ArrayPool<byte>.Shared.Rent(sealedLength);
        try
        {
            var got = read(rented.AsSpan(0, sealedLength));
            if (got < BlockSeal.Overhead) throw new BrokenSealException(hash);
            var plain = new byte[got - BlockSeal.Overhead];
            if (!BlockSeal.TryOpen(_key, hash, rented.AsSpan(0, got), plain)) throw new BrokenSealException(hash);
            _opened.Add(hash, plain);
            return plain;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int CopyOut(byte[] plain, long offset, Span<byte> buffer)
    {
        if (offset >= plain.Length) return 0;
        var n = (int)Math.Min(buffer.Length, plain.Length - offset);
        plain.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    private delegate int SealedReader(Span<byte> sealedBlock);
}
