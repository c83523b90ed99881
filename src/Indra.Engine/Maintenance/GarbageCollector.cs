using Indra.Engine.Vaults;

namespace Indra.Engine.Maintenance;

/// <summary>
/// <c>indra gc</c>: removes block files that no leaf uses (left by a crash between a commit and the deletion of the
/// blocks it freed, or by an aborted save) and block rows without uses. Needs the vault exclusively (not mounted).
/// </summary>
public static class GarbageCollector
{
    /// <summary>Reclaims unreferenced blocks.</summary>
    /// <param name="vault">The vault, opened exclusively.</param>
    /// <param name="progress">Receives progress lines on long runs.</param>
    /// <returns>Blocks deleted and bytes reclaimed.</returns>
    public static (long Blocks, long Bytes) Collect(Vault vault, Action<string>? progress = null) => Collect(vault, null, progress);

    /// <summary>Reclaims unreferenced blocks among <paramref name="stored"/>.</summary>
    /// <param name="vault">The vault, opened exclusively.</param>
    /// <param name="stored">The blocks to examine: every stored block when null, a subset when part of the store cannot be listed.</param>
    /// <param name="progress">Receives progress lines on long runs.</param>
    /// <returns>Blocks deleted and bytes reclaimed.</returns>
    public static (long Blocks, long Bytes) Collect(Vault vault, IEnumerable<Indra.Hashing.Blake3Hash>? stored, Action<string>? progress = null)
    {
        var uses = vault.Metadata.CountBlockUses();
        foreach (var row in vault.Metadata.ListBlocks())
        {
            if (!uses.ContainsKey(row.Hash)) vault.Metadata.DeleteBlockRow(row.Hash);
        }
        long blocks = 0, bytes = 0, seen = 0;
        foreach (var hash in stored ?? vault.Blocks.Enumerate())
        {
            if (++seen % 10_000 == 0) progress?.Invoke($"gc: {seen} blocks examined, {blocks} reclaimed");
            if (uses.ContainsKey(hash)) continue;
            var size = vault.Blocks.SizeOf(hash);
            vault.Blocks.Delete(hash);
            blocks++;
            bytes += Math.Max(0, size);
        }
        return (blocks, bytes);
    }
}
