using System.Security.Cryptography;
using Indra.Storage.Blocks;
using Indra.Storage.Blocks.Sealing;

namespace Indra.Engine.Vaults.Keys;

/// <summary>Puts the sealing layer (<see cref="SealedBlockStore"/>) around a vault's block store when the vault is encrypted.</summary>
internal static class VaultSealing
{
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
}
