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
/// </summary>
internal sealed class ServedManifest
{
    private ServedManifest(byte[] json, string etag, HashSet<BlockHash> blocks, Dictionary<Blake3Hash, string> vaultPaths, Dictionary<string, GrantRecord> grants, long builtTicks)
    {
        Json = json;
        ETag = etag;
        Blocks = blocks;
        VaultPathById = vaultPaths;
        Grants = grants;
        BuiltTicks = builtTicks;
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

    /// <summary>When it was computed (<see cref="Environment.TickCount64"/>).</summary>
    internal long BuiltTicks { get; }

    /// <summary>Computes the manifest for <paramref name="peer"/>.</summary>
    /// <param name="vault">Our vault.</param>
    /// <param name="peer">The grantee.</param>
    /// <param name="grants">All our grants.</param>
    /// <param name="activePeers">Players currently paired.</param>
    /// <param name="nowNs">Now, UTC ns.</param>
    internal static ServedManifest Build(Vault vault, PlayerId peer, IReadOnlyList<GrantRecord> grants, IReadOnlySet<PlayerId> activePeers, long nowNs)
    {
        var mine = grants.Where(g => g.Peer == peer && g.IsActive(nowNs)).ToList();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var blocks = new HashSet<BlockHash>();
        var paths = new Dictionary<Blake3Hash, string>();
        var dtos = new List<GrantDto>();
        foreach (var grant in mine)
        {
            var label = grant.Path.Length == 0 ? "vault" : SharePath.Name(grant.Path);
            if (!labels.Add(label))
            {
                label = $"{label}~{grant.Id[..8]}";
                labels.Add(label);
            }
            var entries = OwnedTree.Collect(vault, grant.Path, label);
            if (entries.Count == 0) continue;
            foreach (var entry in entries.Where(e => !e.IsDirectory))
            {
                foreach (var block in entry.Blocks) blocks.Add(block.Hash);
                paths[entry.Id] = entry.VaultPath;
            }
            dtos.Add(new GrantDto(grant.Id, grant.Mode.ToString(), grant.Mode == AccessMode.Timed ? grant.ExpiresNs : 0, AudienceOf(grant, grants, activePeers, nowNs),
                entries.Select(e => new EntryDto(e.Path, e.IsDirectory, e.Size, e.Id.ToString(), e.ModifiedNs, e.Blocks.Select(b => new BlockDto(b.Hash.ToString(), b.Size)).ToList())).ToList()));
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(new ManifestDto(vault.Player.ToString(), dtos), Wire.Json);
        return new ServedManifest(json, "\"" + Blake3.Hash(json) + "\"", blocks, paths, mine.ToDictionary(g => g.Id, StringComparer.Ordinal), Environment.TickCount64);
    }

    /// <summary>Every paired player with an active grant on the same path (the grant's audience).</summary>
    internal static List<string> AudienceOf(GrantRecord grant, IReadOnlyList<GrantRecord> grants, IReadOnlySet<PlayerId> activePeers, long nowNs) =>
        grants.Where(g => g.Path == grant.Path && g.Mode != AccessMode.Transfer && g.IsActive(nowNs) && activePeers.Contains(g.Peer))
            .Select(g => g.Peer).Append(grant.Peer).Distinct().Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
}
