using Indra.Engine.Domain;
using Indra.Sharing.State;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    /// <summary>
    /// How many sync intervals pass between two polls of a peer that answered "unpaired": it is still asked, slowly,
    /// so that a peer that pairs with us again is seen without a restart.
    /// </summary>
    private const int UnpairedPollIntervals = 10;

    /// <inheritdoc/>
    bool Server.IPeerHost.IsKnown(PlayerId peer) => _state.KnownIds.Contains(peer);

    /// <summary>
    /// <paramref name="peer"/> answered that it removed us: drops everything it showed us except permanent entries
    /// (kept, retained, as after a recall), records the state "unpaired", then waits out the slow poll interval.
    /// </summary>
    private async Task ForgetUnpairedAsync(PeerRecord peer, CancellationToken token)
    {
        var dropped = 0;
        try
        {
            dropped = _db.ForgetReceived(peer.PlayerId);
            _db.SetContact(peer.PlayerId, 0, "unpaired", "the peer removed this vault");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _log.LogWarning("cannot drop what {Peer} showed: {Reason}", peer.Name, e.Message);
        }
        if (dropped > 0)
        {
            _log.LogInformation("{Peer} removed this vault: dropped what it showed (permanent entries kept)", peer.Name);
            _gcWanted = true;
            RefreshViews();
            CollectGarbage();
        }
        try
        {
            await Task.Delay(_options.SyncInterval * (UnpairedPollIntervals - 1), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends at its next check.
        }
    }
}
