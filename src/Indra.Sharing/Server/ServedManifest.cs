using System.Text.Json;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.State;

namespace Indra.Sharing.Server;

/// <summary>
/// What one peer is granted right now, computed from our grants and the vault's committed metadata: the manifest we
/// send it, and the set of block hashes it may fetch (only blocks of granted artifacts: knowing a hash grants nothing).
/// Each grant is read from the node it names, wherever that node is now; a grant whose node is gone carries nothing.
/// </summary>
internal sealed class ServedManifest
{
    private ServedManifest(byte[] json, HashSet<BlockHash> blocks, Dictionary<Blake3Hash, string> vaultPaths, Dictionary<string, GrantRecord> grants,
        List<string> gone, HashSet<string> cut, long validUntilNs)
    {
        Json = json;
        ETag = "\"" + Blake3.Hash(json) + "\"";
        Blocks = blocks;
        VaultPathById = vaultPaths;
        Grants = grants;
        Gone = gone;
        Cut = cut;
        ValidUntilNs = validUntilNs;
    }

    /// <summary>The manifest, UTF-8 JSON.</summary>
    internal byte[] Json { get; }

    /// <summary>Quoted entity tag of <see cref="Json"/>.</summary>
    internal string ETag { get; }

    /// <summary>Blocks the peer may fetch.</summary>
    internal HashSet<BlockHash> Blocks { get; }

    /// <summary>Granted file ids → their path relative to /vault (for attention reports).</summary>
    internal Dictionary<Blake3Hash, string> VaultPathById { get; }

    /// <summary>The active grants in the manifest, by id.</summary>
    internal Dictionary<string, GrantRecord> Grants { get; }

    /// <summary>Ids of the peer's grants whose node was found gone (deleted): they are to be ended.</summary>
    internal IReadOnlyList<string> Gone { get; }

    /// <summary>Ids of the peer's grants that held more than <see cref="OwnedTree.MaxEntries"/> entries and were cut.</summary>
    internal IReadOnlySet<string> Cut { get; }

    /// <summary>The first expiry (UTC ns) of any timed grant in force when it was built: from then on it may be stale
    /// (a grant or an audience member's grant ends); <see cref="long.MaxValue"/> when there is none.</summary>
    internal long ValidUntilNs { get; }

    /// <summary>Computes the manifest for <paramref name="peer"/>.</summary>
    /// <param name="vault">Our vault.</param>
    /// <param name="peer">The grantee.</param>
    /// <param name="grants">All our grants.</param>
    /// <param name="activePeers">Players currently paired.</param>
    /// <param name="realms">Our realms with their members' player ids (audience rule: <see cref="AudienceOf"/>).</param>
    /// <param name="nowNs">Now, UTC ns.</param>
    internal static ServedManifest Build(Vault vault, PlayerId peer, IReadOnlyList<GrantRecord> grants, IReadOnlySet<PlayerId> activePeers,
        IReadOnlyDictionary<string, IReadOnlyList<PlayerId>> realms, long nowNs)
    {
        var mine = grants.Where(g => g.Peer == peer && g.IsActive(nowNs)).ToList();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var blocks = new HashSet<BlockHash>();
        var paths = new Dictionary<Blake3Hash, string>();
        var dtos = new List<GrantDto>();
        var gone = new List<string>();
        var cut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grant in mine)
        {
            var (node, vaultPath) = OwnedTree.Locate(vault, grant.Node);
            if (node is null) gone.Add(grant.Id);
            if (node is null || vaultPath is null) continue;
            var label = OwnedTree.LabelOf(vaultPath);
            if (!labels.Add(label))
            {
                label = $"{label}~{grant.Id[..8]}";
                labels.Add(label);
            }
            var collected = OwnedTree.Collect(vault, node, vaultPath, label);
            if (collected.Cut) cut.Add(grant.Id);
            if (collected.Entries.Count == 0) continue;
            foreach (var entry in collected.Entries.Where(e => !e.IsDirectory))
            {
                foreach (var block in entry.Blocks) blocks.Add(block.Hash);
                paths[entry.Id] = entry.VaultPath;
            }
            dtos.Add(new GrantDto(grant.Id, grant.Mode.ToString(), grant.Mode == AccessMode.Timed ? grant.ExpiresNs : 0, AudienceOf(grant, grants, activePeers, realms, nowNs),
                collected.Entries.Select(e => new EntryDto(e.Path, e.IsDirectory, e.Size, e.Id.ToString(), e.ModifiedNs, e.Blocks.Select(b => new BlockDto(b.Hash.ToString(), b.Size)).ToList())).ToList()));
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(new ManifestDto(vault.Player.ToString(), dtos), Wire.Json);
        var validUntil = grants.Where(g => g.Mode == AccessMode.Timed && g.IsActive(nowNs)).Select(g => g.ExpiresNs).DefaultIfEmpty(long.MaxValue).Min();
        return new ServedManifest(json, blocks, paths, mine.ToDictionary(g => g.Id, StringComparer.Ordinal), gone, cut, validUntil);
    }

    /// <summary>
    /// The audience sent with <paramref name="grant"/> (<see cref="GrantDto.Audience"/>): its grantee, and every other
    /// paired player with an active grant on the same node who is in one of our realms together with the grantee.
    /// A grantee thus learns of other grantees only where we put it in a group with them (what its realm view of that
    /// group needs to show the artifact), never of grantees outside our realms with it.
    /// </summary>
    internal static List<string> AudienceOf(GrantRecord grant, IReadOnlyList<GrantRecord> grants, IReadOnlySet<PlayerId> activePeers,
        IReadOnlyDictionary<string, IReadOnlyList<PlayerId>> realms, long nowNs)
    {
        if (grant.Mode == AccessMode.Transfer) return [grant.Peer.ToString()];
        var together = realms.Values.Where(members => members.Contains(grant.Peer)).SelectMany(members => members).ToHashSet();
        return grants.Where(g => g.Node == grant.Node && g.Mode != AccessMode.Transfer && g.IsActive(nowNs) && activePeers.Contains(g.Peer) && together.Contains(g.Peer))
            .Select(g => g.Peer).Append(grant.Peer).Distinct().Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
    }
}
