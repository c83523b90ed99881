using System.Collections.Concurrent;
using Indra.Engine.Domain;
using Indra.Sharing.Server;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>
    /// While the vault keeps changing, a peer's manifest is rebuilt at most this often (ms): an owner's edit reaches
    /// the peer's next poll within it. A vault that does not change is never re-read; a change of grants, peers or
    /// realms, and the expiry of a timed grant, rebuild at once.
    /// </summary>
    private const long ManifestMinAgeMs = 500;

    private readonly ConcurrentDictionary<PlayerId, object> _manifestGates = new();

    /// <summary>A built manifest and what it was built from: the state version and the vault's metadata stamp.</summary>
    private sealed record CachedManifest(ServedManifest Manifest, long StateVersion, (long, long) VaultStamp, long BuiltTicks);

    /// <inheritdoc/>
    /// <remarks>
    /// Cached per peer, keyed by what can change it: <see cref="LocalState.Version"/> (grants, peers, realms), the
    /// vault's <see cref="Engine.Vaults.VaultTree.ChangeStamp"/>, and the first expiry of a timed grant. Each peer's
    /// build runs under that peer's own gate, so one peer's large manifest never holds up another's.
    /// </remarks>
    ServedManifest IPeerHost.ManifestFor(PlayerId peer)
    {
        var state = _state;
        if (Fresh(peer, state) is { } cached) return cached;
        lock (_manifestGates.GetOrAdd(peer, _ => new object()))
        {
            state = _state;
            if (Fresh(peer, state) is { } built) return built;
            var stamp = _vault.Tree.ChangeStamp();
            var manifest = ServedManifest.Build(_vault, peer, state.Grants, state.ActiveIds, state.Realms, NowNs());
            _servedCache[peer] = new CachedManifest(manifest, state.Version, stamp, Environment.TickCount64);
            NoteBuilt(peer, state, manifest);
            return manifest;
        }
    }

    /// <summary>The cached manifest of <paramref name="peer"/> when nothing it was built from has changed since.</summary>
    private ServedManifest? Fresh(PlayerId peer, LocalState state)
    {
        if (!_servedCache.TryGetValue(peer, out var cached) || cached.StateVersion != state.Version || NowNs() >= cached.Manifest.ValidUntilNs) return null;
        if (Environment.TickCount64 - cached.BuiltTicks < ManifestMinAgeMs) return cached.Manifest;
        return cached.VaultStamp == _vault.Tree.ChangeStamp() ? cached.Manifest : null;
    }

    /// <summary>Ends the grants whose node was found deleted, and records and logs which grants were cut (or no longer are).</summary>
    private void NoteBuilt(PlayerId peer, LocalState state, ServedManifest manifest)
    {
        var changed = false;
        var nodes = state.Grants.ToDictionary(g => g.Id, g => g.Node, StringComparer.Ordinal);
        foreach (var id in manifest.Gone)
        {
            // The node this build found gone: a rename over it may have moved the grant to its replacement meanwhile.
            _db.EndGrant(id, nodes.GetValueOrDefault(id), NowNs());
            _log.LogInformation("grant {Grant} ended: the node it was given on is deleted", id[..8]);
            changed = true;
        }
        foreach (var grant in state.Grants.Where(g => g.Peer == peer && manifest.Grants.ContainsKey(g.Id) && g.Cut != manifest.Cut.Contains(g.Id)))
        {
            var cut = !grant.Cut;
            _db.SetGrantCut(grant.Id, cut);
            if (cut) _log.LogWarning("grant {Grant} of node {Node} to {Peer} holds more than {Max} entries: only the first {Max} are shared", grant.Id[..8], grant.Node, peer, OwnedTree.MaxEntries, OwnedTree.MaxEntries);
            else _log.LogInformation("grant {Grant} fits in one manifest again", grant.Id[..8]);
            changed = true;
        }
        if (changed) ReloadState();
    }
}
