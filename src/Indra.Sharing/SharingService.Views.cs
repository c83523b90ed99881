using System.Collections.Concurrent;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Sharing.Server;
using Indra.Sharing.Views;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing;

public sealed partial class SharingService
{
    private readonly object _refreshLock = new();
    private readonly ConcurrentDictionary<(PlayerId Steward, ArtifactId Id), long> _opens = new();
    private readonly HeldSnapshots _views = new();
    private Dictionary<(ShareScope, string, string), string> _signatures = new();
    private long _nextExpiryNs = long.MaxValue;

    /// <inheritdoc/>
    public event Action<ShareScope, string, string>? Changed;

    /// <inheritdoc/>
    public IReadOnlyList<string> Names(ShareScope scope) => scope == ShareScope.Peer ? _views.Current.PeerNames : _views.Current.RealmNames;

    /// <inheritdoc/>
    public IReadOnlyList<SharedEntry> List(ShareScope scope, string name, string relativePath)
    {
        var tree = _views.Current.Tree(scope, name);
        if (tree is null || !tree.Nodes.TryGetValue(relativePath, out var folder) || !folder.Entry.IsDirectory) return [];
        var now = NowNs();
        var result = new List<SharedEntry>(folder.Children.Count);
        foreach (var child in folder.Children)
        {
            var node = tree.Nodes[relativePath.Length == 0 ? child : relativePath + "/" + child];
            if (!Expired(node.Entry, now)) result.Add(node.Entry);
        }
        return result;
    }

    /// <inheritdoc/>
    public SharedEntry? Get(ShareScope scope, string name, string relativePath)
    {
        var tree = _views.Current.Tree(scope, name);
        if (tree is null || !tree.Nodes.TryGetValue(relativePath, out var node) || Expired(node.Entry, NowNs())) return null;
        return node.Entry;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The node is taken and its received blocks held while inside the current snapshot, so the collector, which keeps
    /// what any snapshot a reader is inside names, never sees a moment where neither keeps them; once the hold is
    /// released, the next round collects what only it kept.
    /// </remarks>
    public ISharedFile? Open(ShareScope scope, string name, string relativePath)
    {
        using var reading = _views.Enter();
        var tree = reading.Snapshot.Tree(scope, name);
        if (tree is null || !tree.Nodes.TryGetValue(relativePath, out var node) || node.Entry.IsDirectory || Expired(node.Entry, NowNs())) return null;
        if (node.Entry.Steward != PlayerId) _opens.AddOrUpdate((node.Entry.Steward, node.Entry.ArtifactId), 1, (_, n) => n + 1);
        var hold = _received.TryGetPeer(node.Store, out var peer) ? _received.HoldBlocks(peer, node.Blocks) : null;
        return new PinnedFile(node, () => Get(scope, name, relativePath) is not null, NowNs, hold, () => _gcWanted = true);
    }

    /// <inheritdoc/>
    public int Read(ShareScope scope, string name, string relativePath, long offset, Span<byte> buffer)
    {
        // Inside the snapshot while reading: the blocks it names stay until this reader leaves (CollectGarbage).
        using var reading = _views.Enter();
        var tree = reading.Snapshot.Tree(scope, name);
        if (tree is null || !tree.Nodes.TryGetValue(relativePath, out var node) || node.Entry.IsDirectory || Expired(node.Entry, NowNs()) || offset < 0) return -1;
        if (offset == 0 && node.Entry.Steward != PlayerId) _opens.AddOrUpdate((node.Entry.Steward, node.Entry.ArtifactId), 1, (_, n) => n + 1);
        return node.Read(offset, buffer);
    }

    /// <summary>The change feed of the views (JSON lines, most recent last) for <c>/.indra/changes</c>.</summary>
    public string ChangesText() => _changes.Text();

    private static bool Expired(SharedEntry entry, long nowNs) => entry.ExpiresNs != 0 && entry.ExpiresNs <= nowNs;

    /// <summary>Our own shares must be re-read each round when a realm could show them (the owner edits them in place).</summary>
    private bool NeedsPeriodicRefresh() => _state.Realms.Count > 0 || NowNs() >= Interlocked.Read(ref _nextExpiryNs);

    /// <summary>Deletes received timed entries past their expiry (their view entries are already hidden).</summary>
    private void SweepExpired()
    {
        if (_db.DeleteExpired(NowNs()) > 0)
        {
            RefreshViews();
            _gcWanted = true;
        }
        if (_gcWanted) CollectGarbage();
    }

    /// <summary>Recomputes the views; raises <see cref="Changed"/> and appends to the change feed for what differs.</summary>
    private void RefreshViews()
    {
        lock (_refreshLock)
        {
            var state = _state;
            var now = NowNs();
            var received = _db.ListReceived();
            var snapshot = ViewSnapshot.Build(new ViewSources(PlayerId, state.Peers.Where(p => p.IsActive).ToList(), received, state.Realms,
                state.Realms.Count == 0 ? [] : OwnShares(state, now), _received.For, _vault.ContentBlocks, now));
            var next = received.Where(e => e.ExpiresNs > now).Select(e => e.ExpiresNs)
                .Concat(state.Grants.Where(g => g.IsActive(now) && g.Mode == AccessMode.Timed).Select(g => g.ExpiresNs)).DefaultIfEmpty(long.MaxValue).Min();
            Interlocked.Exchange(ref _nextExpiryNs, next);
            var signatures = snapshot.Signatures();
            var old = _signatures;
            _views.Publish(snapshot);
            _signatures = signatures;
            var touched = new List<(ShareScope, string, string)>();
            foreach (var (key, signature) in signatures)
            {
                if (!old.TryGetValue(key, out var before)) Note(key, "added", snapshot, touched);
                else if (before != signature) Note(key, "updated", snapshot, touched);
            }
            foreach (var key in old.Keys.Where(k => !signatures.ContainsKey(k))) Note(key, "removed", snapshot, touched);
            foreach (var (scope, name, path) in touched.Distinct())
            {
                try
                {
                    Changed?.Invoke(scope, name, path);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or ArgumentException)
                {
                    _log.LogWarning("a view change handler failed: {Reason}", e.Message);
                }
            }
        }
    }

    private void Note((ShareScope Scope, string Name, string Path) key, string change, ViewSnapshot snapshot, List<(ShareScope, string, string)> touched)
    {
        var id = snapshot.Tree(key.Scope, key.Name) is { } tree && tree.Nodes.TryGetValue(key.Path, out var node) ? node.Entry.ArtifactId.ToString() : "";
        if (key.Path.Length > 0) _changes.Append(key.Scope, key.Name, key.Path, change, id);
        touched.Add(key);
        if (change != "updated" && key.Path.Length > 0) touched.Add((key.Scope, key.Name, SharePath.Parent(key.Path)));
    }

    /// <summary>Our active grants grouped by the node they were given on, read from where it is now, with their audience: candidates for realm views.</summary>
    private List<OwnedShare> OwnShares(LocalState state, long now)
    {
        var result = new List<OwnedShare>();
        foreach (var group in state.Grants.Where(g => g.Mode != AccessMode.Transfer && g.IsActive(now) && state.ActiveIds.Contains(g.Peer)).GroupBy(g => g.Node))
        {
            var (node, path) = OwnedTree.Locate(_vault, group.Key);
            if (node is null || path is null) continue;
            var entries = OwnedTree.Collect(_vault, node, path, OwnedTree.LabelOf(path)).Entries;
            if (entries.Count == 0) continue;
            var modes = group.Select(g => g.Mode).ToHashSet();
            var mode = modes.Contains(AccessMode.Permanent) ? AccessMode.Permanent : modes.Contains(AccessMode.Revocable) ? AccessMode.Revocable : AccessMode.Timed;
            var expires = mode == AccessMode.Timed ? group.Max(g => g.ExpiresNs) : 0;
            result.Add(new OwnedShare(entries, group.Select(g => g.Peer).ToHashSet(), mode, expires));
        }
        return result;
    }
}
