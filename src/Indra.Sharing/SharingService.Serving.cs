using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Protocol;
using Indra.Sharing.Server;
using Indra.Sharing.Sync;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>How long a computed manifest is reused (ms): bounds both the cost of block requests and how stale an
    /// owner edit can look; recalls and peer changes drop the cache at once.</summary>
    private const long ManifestCacheMs = 250;

    private readonly object _servedLock = new();
    private readonly object _acceptLock = new();

    /// <inheritdoc/>
    bool IPeerHost.IsPaired(PlayerId peer) => _state.ActiveIds.Contains(peer);

    /// <inheritdoc/>
    ContentBlocks IPeerHost.OwnBlocks => _vault.ContentBlocks;

    /// <inheritdoc/>
    void IPeerHost.Log(string line) => _log.LogWarning("{Message}", line);

    /// <inheritdoc/>
    ServedManifest IPeerHost.ManifestFor(PlayerId peer)
    {
        if (_servedCache.TryGetValue(peer, out var cached) && Environment.TickCount64 - cached.BuiltTicks < ManifestCacheMs) return cached;
        lock (_servedLock)
        {
            if (_servedCache.TryGetValue(peer, out cached) && Environment.TickCount64 - cached.BuiltTicks < ManifestCacheMs) return cached;
            var state = _state;
            var built = ServedManifest.Build(_vault, peer, state.Grants, state.ActiveIds, NowNs());
            _servedCache[peer] = built;
            return built;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The grant's path is looked up now, label by label, without following symlinks: when what is there is the version
    /// the recipient names (its leaf id, or for a folder the digest of every entry, <see cref="EntryDigest"/>), it is
    /// removed through the vault filesystem; when it changed since (or is gone, or its path now passes through a
    /// symlink), our copy stays and the transfer completes without deletion (logged). After
    /// <see cref="TransferOfferLifetime"/> the acceptance is refused and nothing changes.
    /// </remarks>
    TransferAcceptance IPeerHost.AcceptTransfer(PlayerId peer, string grantId, Blake3Hash accepted)
    {
        lock (_acceptLock)
        {
            var now = NowNs();
            var grant = _db.FindGrant(grantId);
            if (grant is null || grant.Peer != peer || grant.Mode != AccessMode.Transfer || !grant.IsActive(now)) return TransferAcceptance.Unknown;
            if (now >= TransferExpiresNs(grant)) return TransferAcceptance.Expired;
            _vault.Tree.Flush();
            var current = OwnedTree.Collect(_vault, grant.Path, SharePath.Name(grant.Path));
            var version = current.Count == 0 ? (Blake3Hash?)null : EntryDigest.Of(current.Select(e => (e.Path, e.IsDirectory, e.Id)).ToList());
            if (version != accepted)
            {
                _log.LogWarning("{Peer} accepted the transfer of /vault/{Path} as {Accepted}, but it is {Current} now: our copy stays; the transfer completes without deletion",
                    peer, grant.Path, accepted, version?.ToString() ?? "gone");
            }
            else if (!TransferWriter.Remove(_fs, grant.Path))
            {
                _log.LogWarning("transferred /vault/{Path} was already gone (or its path no longer leads through folders only)", grant.Path);
            }
            _db.CompleteGrant(grantId, now);
            _log.LogInformation("/vault/{Path} transferred to {Peer}; we keep no write access", grant.Path, peer);
            ReloadState();
            return TransferAcceptance.Completed;
        }
    }

    /// <inheritdoc/>
    void IPeerHost.RecordAttention(PlayerId peer, ServedManifest manifest, AttentionReportDto report)
    {
        var now = NowNs();
        foreach (var item in report.Items)
        {
            // Reports about artifacts not granted to this peer are ignored: a peer cannot heat what it cannot see.
            if (Blake3Hash.TryParse(item.Id, out var id) && manifest.VaultPathById.TryGetValue(id, out var path)) _db.AddPeerAttention(peer, path, item.Count, now);
        }
    }
}
