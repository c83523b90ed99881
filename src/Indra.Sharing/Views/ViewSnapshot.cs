using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.FileSystem;
using Indra.Sharing.Server;
using Indra.Sharing.State;

namespace Indra.Sharing.Views;

/// <summary>One of our active grants as a realm candidate: its entries (root first) and who can access it.</summary>
/// <param name="Entries">The granted file or folder.</param>
/// <param name="Audience">Players granted it.</param>
/// <param name="Mode">The grant's mode (the most lasting one when several grants cover the path).</param>
/// <param name="ExpiresNs">Timed: expiry.</param>
internal sealed record OwnedShare(IReadOnlyList<OwnedEntry> Entries, IReadOnlySet<PlayerId> Audience, AccessMode Mode, long ExpiresNs);

/// <summary>Everything the views are computed from: <paramref name="Peers"/> are the paired peers, realm members are player ids.</summary>
internal sealed record ViewSources(
    PlayerId Self, IReadOnlyList<PeerRecord> Peers, IReadOnlyList<ReceivedEntry> Received, IReadOnlyDictionary<string, IReadOnlyList<PlayerId>> Realms,
    IReadOnlyList<OwnedShare> Own, Func<PlayerId, ContentBlocks> ReceivedStore, ContentBlocks OwnStore, long NowNs);

/// <summary>
/// An immutable picture of every peer and realm view; replaced whole when anything changes.
/// </summary>
/// <remarks>
/// A realm view nests every artifact under its steward: <c>/realms/R/PEER/NAME</c>, PEER being the local name we paired
/// that member under (names we chose, so a member cannot take another's folder whatever key or labels it picks), and
/// <c>/realms/R/me/NAME</c> for our own (<see cref="SelfFolder"/>, which no peer may be named). Within a steward's
/// folder the names are that steward's own: a member can only ever collide with itself.
/// </remarks>
internal sealed class ViewSnapshot
{
    /// <summary>The folder of a realm view holding our own artifacts (refused as a peer name).</summary>
    internal const string SelfFolder = "me";

    private ViewSnapshot(Dictionary<string, ViewTree> peers, Dictionary<string, ViewTree> realms)
    {
        Peers = peers;
        Realms = realms;
        PeerNames = peers.Keys.Order(StringComparer.Ordinal).ToList();
        RealmNames = realms.Keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>No views.</summary>
    internal static ViewSnapshot Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    internal Dictionary<string, ViewTree> Peers { get; }
    internal Dictionary<string, ViewTree> Realms { get; }
    internal IReadOnlyList<string> PeerNames { get; }
    internal IReadOnlyList<string> RealmNames { get; }

    /// <summary>The tree of one view, or null.</summary>
    internal ViewTree? Tree(ShareScope scope, string name) =>
        (scope == ShareScope.Peer ? Peers : Realms).TryGetValue(name, out var tree) ? tree : null;

    /// <summary>Every (scope, name, path) → signature, for diffs.</summary>
    internal Dictionary<(ShareScope, string, string), string> Signatures()
    {
        var result = new Dictionary<(ShareScope, string, string), string>();
        foreach (var (scope, trees) in new[] { (ShareScope.Peer, Peers), (ShareScope.Realm, Realms) })
        {
            foreach (var (name, tree) in trees)
            {
                foreach (var (path, node) in tree.Nodes) result[(scope, name, path)] = path.Length == 0 ? "top" : node.Signature;
            }
        }
        return result;
    }

    /// <summary>Computes the views.</summary>
    internal static ViewSnapshot Build(ViewSources sources)
    {
        var peers = new Dictionary<string, ViewTree>(StringComparer.Ordinal);
        var visible = sources.Received.Where(e => e.IsVisible(sources.NowNs)).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        foreach (var peer in sources.Peers)
        {
            var tree = new ViewTree(peer.Name, peer.PlayerId, peer.AddedNs, sources.OwnStore);
            foreach (var e in visible.Where(e => e.Peer == peer.PlayerId)) tree.Add(e.Path, Node(SharePath.Name(e.Path), e, sources.ReceivedStore(e.Peer)));
            peers[peer.Name] = tree;
        }
        var realms = new Dictionary<string, ViewTree>(StringComparer.Ordinal);
        var paired = sources.Peers.ToDictionary(p => p.PlayerId);
        foreach (var (realm, members) in sources.Realms)
        {
            // Members no longer paired are left out: the view shows what every paired member can access.
            var memberIds = members.Where(paired.ContainsKey).ToHashSet();
            var required = memberIds.Append(sources.Self).ToHashSet();
            var tree = new ViewTree(realm, sources.Self, 0, sources.OwnStore);
            foreach (var grant in visible.Where(e => memberIds.Contains(e.Peer)).GroupBy(e => (e.Peer, e.GrantId)))
            {
                var entries = grant.ToList();
                var root = entries[0];
                if (root.Path.Contains('/', StringComparison.Ordinal)) continue;
                if (!required.IsSubsetOf(root.Audience.Append(root.Steward))) continue;
                var folder = StewardFolder(tree, paired[grant.Key.Peer].Name, grant.Key.Peer, sources.OwnStore);
                var label = FreeLabel(tree, folder, root.Path);
                foreach (var e in entries) tree.Add(label + e.Path[root.Path.Length..], Node(SharePath.Name(e.Path == root.Path ? label : e.Path), e, sources.ReceivedStore(e.Peer)));
            }
            foreach (var own in sources.Own)
            {
                if (own.Entries.Count == 0 || !required.IsSubsetOf(own.Audience.Append(sources.Self))) continue;
                var root = own.Entries[0];
                var folder = StewardFolder(tree, SelfFolder, sources.Self, sources.OwnStore);
                var label = FreeLabel(tree, folder, root.Path);
                foreach (var e in own.Entries)
                {
                    var entry = new SharedEntry(SharePath.Name(e.Path == root.Path ? label : e.Path), e.IsDirectory, e.Size, new ArtifactId(e.Id), e.ModifiedNs, own.Mode.ToString(), sources.Self, own.ExpiresNs);
                    tree.Add(label + e.Path[root.Path.Length..], new ViewNode(entry, e.Blocks, sources.OwnStore));
                }
            }
            realms[realm] = tree;
        }
        return new ViewSnapshot(peers, realms);
    }

    private static ViewNode Node(string name, ReceivedEntry e, ContentBlocks store) =>
        new(new SharedEntry(name, e.IsDirectory, e.Size, new ArtifactId(e.ArtifactId), e.ModifiedNs, e.Mode.ToString(), e.Steward, e.ExpiresNs), e.Blocks, store);

    /// <summary>The folder <paramref name="name"/> of one steward at the top of a realm view, made on first use.</summary>
    private static string StewardFolder(ViewTree tree, string name, PlayerId steward, ContentBlocks store)
    {
        if (!tree.Nodes.ContainsKey(name)) tree.Add(name, new ViewNode(new SharedEntry(name, true, 0, default, 0, "Revocable", steward), [], store));
        return name;
    }

    /// <summary>
    /// FOLDER/LABEL, or FOLDER/LABEL~N with the first N from 2 that is free: two of one steward's artifacts with the same
    /// name (our own grants of two nodes both named LABEL) both show.
    /// </summary>
    private static string FreeLabel(ViewTree tree, string folder, string label)
    {
        var path = folder + "/" + label;
        for (var n = 2; tree.Nodes.ContainsKey(path); n++) path = $"{folder}/{label}~{n}";
        return path;
    }
}
