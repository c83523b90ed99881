using Indra.Engine.Domain;
using Indra.Sharing.Sync;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    private volatile bool _gcWanted;

    /// <summary>
    /// Deletes received blocks that no recorded entry, no view a reader may still use, no download and no open view
    /// file (the version it pinned, <see cref="Open"/>) names (<see cref="ReceivedStore.Collect"/>). Run it after the
    /// views were refreshed from the records it follows, never between recording and refreshing: a view names old blocks
    /// until it is replaced. When a view still named blocks the records no longer do (a refresh yet to come, a reader
    /// inside a replaced view), another collection is asked for; releasing an open view file asks for one too.
    /// </summary>
    private void CollectGarbage()
    {
        _gcWanted = false;
        var shownOnly = false;
        _received.Collect(() =>
        {
            lock (_refreshLock)
            {
                var recorded = _db.ListReceived().SelectMany(e => e.Blocks.Select(b => (e.Peer, b.Hash))).ToHashSet();
                var shown = ShownReceivedBlocks();
                shownOnly = !shown.IsSubsetOf(recorded);
                recorded.UnionWith(shown);
                return recorded;
            }
        });
        if (shownOnly) _gcWanted = true;
    }

    /// <summary>Every (peer, block) a view a reader may still use reads from that peer's received blocks.</summary>
    private HashSet<(PlayerId Peer, BlockHash Hash)> ShownReceivedBlocks()
    {
        var shown = new HashSet<(PlayerId, BlockHash)>();
        foreach (var snapshot in _views.Held())
        {
            foreach (var node in snapshot.Peers.Values.Concat(snapshot.Realms.Values).SelectMany(t => t.Nodes.Values))
            {
                if (node.Blocks.Count == 0 || !_received.TryGetPeer(node.Store, out var peer)) continue;
                foreach (var block in node.Blocks) shown.Add((peer, block.Hash));
            }
        }
        return shown;
    }
}
