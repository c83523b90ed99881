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
    bool IPeerHost.AcceptTransfer(PlayerId peer, string grantId)
    {
        var grant = _db.FindGrant(grantId);
        if (grant is null || grant.Peer != peer || grant.Mode != AccessMode.Transfer || !grant.IsActive(NowNs())) return false;
        var removed = _options.MountPoint is { } mount ? MountTransferWriter.Remove(mount, grant.Path) : TransferWriter.Remove(_fs, grant.Path);
        if (!removed) _log.LogWarning("transferred /vault/{Path} was already gone", grant.Path);
        _db.CompleteGrant(grantId, NowNs());
        _log.LogInformation("/vault/{Path} transferred to {Peer}; we keep no write access", grant.Path, peer);
        ReloadState();
        return true;
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
