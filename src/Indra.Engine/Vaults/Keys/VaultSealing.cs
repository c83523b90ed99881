using System.Security.Cryptography;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.Sealing;

namespace Indra.Engine.Vaults.Keys;

/// <summary>Puts the sealing layer (<see cref="SealedBlockStore"/>) around a vault's block store when the vault is encrypted.</summary>
internal static class VaultSealing
{
    /// <summary>Bound of the opened-block cache of a store kept beside the vault's own (one per peer), in bytes (8 MiB).</summary>
    public const long BesideOpenedCacheBytes = 8L << 20;

    /// <summary>
    /// <paramref name="blocks"/> itself when <paramref name="vaultKey"/> is null (a plain vault), else a
    /// <see cref="SealedBlockStore"/> around it; <paramref name="vaultKey"/> is zeroed (the store keeps its own copy).
    /// </summary>
    public static IBlockStore Wrap(IBlockStore blocks, byte[]? vaultKey)
    {
        if (vaultKey is null) return blocks;
        try
        {
            return new SealedBlockStore(blocks, vaultKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(vaultKey);
        }
    }

    /// <summary>True when <paramref name="vaultBlocks"/> (a vault's block store as <see cref="Wrap"/> gave it) seals its blocks.</summary>
    public static bool IsSealed(IBlockStore vaultBlocks) => vaultBlocks is SealedBlockStore;

    /// <summary>
    /// <paramref name="other"/> sealed under the same vault key as <paramref name="vaultBlocks"/> when that store seals
    /// (<see cref="SealedBlockStore.Beside"/>), else <paramref name="other"/> itself: a block store kept beside the
    /// vault's own (blocks received from peers) is encrypted exactly when the vault is.
    /// </summary>
    public static IBlockStore SealLike(IBlockStore vaultBlocks, IBlockStore other) =>
        vaultBlocks is SealedBlockStore sealing ? sealing.Beside(other, BesideOpenedCacheBytes) : other;
}
