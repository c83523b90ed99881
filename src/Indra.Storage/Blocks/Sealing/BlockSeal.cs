using System.Security.Cryptography;
using System.Text;
using Indra.Hashing;

namespace Indra.Storage.Blocks.Sealing;

/// <summary>
/// The sealed form of a block (format 1): one version byte (<see cref="Version"/>), the block's bytes encrypted with
/// AES-256-GCM, and the 16-byte GCM tag. The key of each block is derived from the vault key and the block's name
/// with HKDF-SHA256 (RFC 5869: input key = the vault key, no salt, info = "indra block seal v1" followed by the 32
/// bytes of the name), so equal blocks of one vault seal to equal bytes (convergent: deduplication still works) and
/// blocks of another vault, or the same vault under another key, do not. The nonce is fixed (twelve zero bytes):
/// GCM must never use one key and nonce for two different plaintexts (NIST SP 800-38D §8), and here a key belongs to
/// one name and a name to one content (a BLAKE3 hash or chaining value), so a key only ever seals the same bytes and
/// produces the same sealed block again. The associated data is the version byte and the name, so a block cannot be
/// passed off under another name or format either. Opening checks the tag over the whole block before any byte is
/// returned.
/// </summary>
internal static class BlockSeal
{
    /// <summary>The format byte that starts every sealed block.</summary>
    public const byte Version = 1;

    /// <summary>Length of the GCM tag in bytes.</summary>
    public const int TagLength = 16;

    /// <summary>Bytes a sealed block has beyond its plain bytes: the version byte and the tag.</summary>
    public const int Overhead = 1 + TagLength;

    /// <summary>Length of the vault key in bytes (AES-256).</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("indra block seal v1");

    /// <summary>Seals <paramref name="plain"/>, the block named <paramref name="name"/>, into <paramref name="sealedBlock"/>.</summary>
    /// <param name="vaultKey">The vault key (<see cref="KeyLength"/> bytes).</param>
    /// <param name="name">The block's name (its hash or chaining value).</param>
    /// <param name="plain">The block's bytes.</param>
    /// <param name="sealedBlock">Exactly <c>plain.Length + </c><see cref="Overhead"/> bytes.</param>
    public static void Seal(ReadOnlySpan<byte> vaultKey, Blake3Hash name, ReadOnlySpan<byte> plain, Span<byte> sealedBlock)
    {
        if (sealedBlock.Length != plain.Length + Overhead) throw new ArgumentException("the sealed buffer must be the plain length plus the overhead", nameof(sealedBlock));
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> associated = stackalloc byte[1 + Blake3Hash.Size];
        try
        {
            DeriveKey(vaultKey, name, key, associated);
            sealedBlock[0] = Version;
            using var aes = new AesGcm(key, TagLength);
            aes.Encrypt(stackalloc byte[NonceLength], plain, sealedBlock.Slice(1, plain.Length), sealedBlock[(1 + plain.Length)..], associated);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Opens sealed block <paramref name="sealedBlock"/> named <paramref name="name"/> into <paramref name="plain"/>,
    /// or returns false (and leaves <paramref name="plain"/> zeroed) when it does not authenticate: changed bytes, a
    /// truncated block, an unknown format byte, another name or another vault key.
    /// </summary>
    /// <param name="vaultKey">The vault key (<see cref="KeyLength"/> bytes).</param>
    /// <param name="name">The block's name.</param>
    /// <param name="sealedBlock">The stored bytes.</param>
    /// <param name="plain">Exactly <c>sealedBlock.Length - </c><see cref="Overhead"/> bytes.</param>
    public static bool TryOpen(ReadOnlySpan<byte> vaultKey, Blake3Hash name, ReadOnlySpan<byte> sealedBlock, Span<byte> plain)
    {
        if (sealedBlock.Length < Overhead || sealedBlock[0] != Version || plain.Length != sealedBlock.Length - Overhead) return false;
        Span<byte> key = stackalloc byte[KeyLength];
        Span<byte> associated = stackalloc byte[1 + Blake3Hash.Size];
        try
        {
            DeriveKey(vaultKey, name, key, associated);
            using var aes = new AesGcm(key, TagLength);
            aes.Decrypt(stackalloc byte[NonceLength], sealedBlock.Slice(1, plain.Length), sealedBlock[(1 + plain.Length)..], plain, associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The block's key (HKDF-SHA256 of the vault key with the name in the info) and its associated data.</summary>
    private static void DeriveKey(ReadOnlySpan<byte> vaultKey, Blake3Hash name, Span<byte> key, Span<byte> associated)
    {
        if (vaultKey.Length != KeyLength) throw new ArgumentException($"the vault key must be {KeyLength} bytes", nameof(vaultKey));
        Span<byte> info = stackalloc byte[Info.Length + Blake3Hash.Size];
        Info.CopyTo(info);
        name.CopyTo(info[Info.Length..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, vaultKey, key, ReadOnlySpan<byte>.Empty, info);
        associated[0] = Version;
        name.CopyTo(associated[1..]);
    }
}
