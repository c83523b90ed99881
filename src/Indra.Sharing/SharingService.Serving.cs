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
    private readonly object _acceptLock = new();
    private readonly ChangeSignal _manifestChanges = new();

    /// <inheritdoc/>
    bool IPeerHost.IsPaired(PlayerId peer) => _state.ActiveIds.Contains(peer);

    /// <inheritdoc/>
    ChangeSignal IPeerHost.ManifestChanges => _manifestChanges;

    /// <inheritdoc/>
    ContentBlocks IPeerHost.OwnBlocks => _vault.ContentBlocks;

    /// <inheritdoc/>
    void IPeerHost.Log(string line) => _log.LogWarning("{Message}", line);

    /// <inheritdoc/>
    void IPeerHost.Note(string line) => _log.LogInformation("{Message}", line);

    /// <inheritdoc/>
    /// <remarks>
    /// The granted node is found where it is now (<see cref="OwnedTree.Locate"/>: its path through folders of the tree,
    /// never through a symlink), and removed label by label without following symlinks: when what is there is the version
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
            var (node, path) = OwnedTree.Locate(_vault, grant.Node);
            var current = node is null || path is null ? [] : OwnedTree.Collect(_vault, node, path, OwnedTree.LabelOf(path)).Entries;
            var version = current.Count == 0 ? (Blake3Hash?)null : EntryDigest.Of(current.Select(e => (e.Path, e.IsDirectory, e.Id)).ToList());
            if (version != accepted)
            {
                _log.LogWarning("{Peer} accepted the transfer of /vault/{Path} as {Accepted}, but it is {Current} now: our copy stays; the transfer completes without deletion",
                    peer, grant.Path, accepted, version?.ToString() ?? "gone");
            }
            else if (!TransferWriter.Remove(_fs, path!))
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
