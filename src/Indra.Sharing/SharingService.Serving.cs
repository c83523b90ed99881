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
    /// <inheritdoc/>
    bool IPeerHost.IsPaired(PlayerId peer) => _state.ActiveIds.Contains(peer);

    /// <inheritdoc/>
    ContentBlocks IPeerHost.OwnBlocks => _vault.ContentBlocks;

    /// <inheritdoc/>
    void IPeerHost.Log(string line) => _log.LogWarning("{Message}", line);

    /// <inheritdoc/>
    bool IPeerHost.AcceptTransfer(PlayerId peer, string grantId)
    {
        var grant = _db.FindGrant(grantId);
        if (grant is null || grant.Peer != peer || grant.Mode != AccessMode.Transfer || !grant.IsActive(NowNs())) return false;
        var current = _vault.Tree.PathOf(grant.Node);
        var removed = current is not null && (_options.MountPoint is { } mount ? MountTransferWriter.Remove(mount, current) : TransferWriter.Remove(_fs, current));
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
