using Indra.Engine.Attention;
using Indra.Storage.Metadata;

namespace Indra.Engine.Vaults;

/// <summary>
/// A read-only view of a vault's committed metadata, opened beside the process that holds the vault (a mount): SQLite
/// WAL readers never block the writer, and each read sees the latest commit. For <c>indra status</c> and the CLI's
/// checks of a path before it grants it. The writer's queued work shows up within
/// <see cref="Vault.QueuedWriteDelay"/>.
/// </summary>
public sealed class VaultReader : IDisposable
{
    private readonly MetadataStore _metadata;
    private readonly bool _owned;

    private VaultReader(MetadataStore metadata, bool owned)
    {
        _metadata = metadata;
        _owned = owned;
        Tree = new VaultTree(metadata, null, 0, TimeProvider.System);
    }

    /// <summary>Opens the vault in <paramref name="directory"/> for reading (its lock is not taken).</summary>
    /// <exception cref="VaultException">No vault there, or its database cannot be read.</exception>
    public static VaultReader Open(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (!VaultLayout.Exists(directory)) throw new VaultException($"no vault at {directory} (run 'indra init --vault {directory}')");
        try
        {
            return new VaultReader(MetadataStore.OpenReadOnly(Path.Combine(directory, VaultLayout.MetadataFile)), owned: true);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new VaultException($"cannot read vault {directory}: {e.Message}", e);
        }
    }

    /// <summary>The tree, for reading: its write operations fail (the database is open read-only).</summary>
    public VaultTree Tree { get; }

    /// <summary>Counts nodes by kind: (files, symlinks and special files; directories).</summary>
    public (long Leaves, long Trees) CountNodes() => Tree.CountNodes();

    /// <summary>Stored blocks and their total size in bytes.</summary>
    public (long Count, long Bytes) BlockTotals() => Tree.BlockTotals();

    /// <summary>Attention events recorded at or after <paramref name="sinceNs"/> (UTC ns since the Unix epoch).</summary>
    public long CountAttentionSince(long sinceNs) => _metadata.CountAttentionSince(sinceNs);

    /// <summary>The <paramref name="count"/> hottest artifacts at <paramref name="nowNs"/>: their last attended path and heat in [0, 1], hottest first.</summary>
    public IReadOnlyList<(string? Path, double Heat)> Hottest(long nowNs, int count) =>
        _metadata.SummarizeAttention(nowNs, HeatCalculator.HalfLifeNs, count)
            .Select(h => ((string?)h.Path, HeatCalculator.HeatOf(h.Score))).ToList();

    /// <summary>Closes the database (when this view opened it).</summary>
    public void Dispose()
    {
        if (_owned) _metadata.Dispose();
    }
}
