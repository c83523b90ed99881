using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;
using Indra.Sharing.State;

namespace Indra.Control.Service;

// Heat ranking and the attention feed (indra heat, indra top; issue 18).
public sealed partial class VaultControlService
{
    /// <inheritdoc/>
    public Task<HeatRanking> GetHeatRankingAsync(string? path, int top, DateTimeOffset? since, CancellationToken cancellation = default)
    {
        CheckCount(top, "top");
        var under = ControlPath.Parse(path);
        if (under.IsShared) throw new VaultControlException(ControlErrorKind.InvalidArgument, "heat is kept for the vault's own files only");
        var folder = _vault.Tree.Resolve(under.Text) ?? throw new VaultControlException(ControlErrorKind.NotFound, $"/{under.Text}: no such folder");
        if (!folder.IsTree) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"/{under.Text} is a file: heat ranks the files and folders of a folder");
        var at = ItemReader.FromNanoseconds(_vault.Attention.NowNs());
        var hottest = _vault.Attention.HottestNodes(ControlLimits.MaxHeatScan);
        var files = new List<(long Inode, HeatItem Item)>();
        foreach (var entry in hottest)
        {
            cancellation.ThrowIfCancellationRequested();
            var node = _vault.Tree.GetNode(entry.Inode);
            if (node is null || node.Kind != NodeKind.File) continue;
            var current = _vault.Tree.PathOf(entry.Inode);
            if (current is null || !IsUnder(current, under.Text)) continue;
            files.Add((entry.Inode, new HeatItem(current, node.ArtifactId.ToString(), entry.Heat, entry.Opens, entry.UniquePeers, entry.DwellMs / 1000.0, null, node.Size)));
        }
        var last = LastAccess(files.Select(f => f.Inode).ToHashSet());
        var counted = files
            .Select(f => last.TryGetValue(f.Inode, out var when) ? f.Item with { LastAccess = when } : f.Item)
            .Where(f => since is null || f.LastAccess >= since)
            .OrderByDescending(f => f.Heat).ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var ranking = new HeatRanking(under.Text, at, since, counted.Take(top).ToList(), FoldersOf(counted, under.Text).Take(top).ToList(),
            counted.Count, counted.Sum(f => f.Heat), hottest.Count < ControlLimits.MaxHeatScan);
        return Task.FromResult(ranking);
    }

    /// <inheritdoc/>
    public Task<AttentionFeed> GetAttentionFeedAsync(long? after, int limit, DateTimeOffset? peersSince, CancellationToken cancellation = default)
    {
        CheckCount(limit, "limit");
        if (after < 0) throw new VaultControlException(ControlErrorKind.InvalidArgument, "the cursor (after) is an event id, 0 or more");
        var events = new List<AttentionItem>();
        long cursor = after ?? 0;
        var gap = false;
        var first = true;
        _vault.Attention.VisitRecentEvents(after is null ? 1 : limit + 1, e =>
        {
            if (first) cursor = Math.Max(cursor, e.Id);
            first = false;
            if (after is null || e.Id <= after) return false;
            if (events.Count == limit)
            {
                gap = true;
                return false;
            }
            events.Add(new AttentionItem(ItemReader.FromNanoseconds(e.AtNs), e.Kind, VaultPathOf(e.Path), e.Artifact.ToString(), e.Player.ToString(), e.DwellMs / 1000.0));
            return !cancellation.IsCancellationRequested;
        });
        cancellation.ThrowIfCancellationRequested();
        events.Reverse();
        var peers = peersSince is { } from ? PeerAttentionSince(from, limit) : [];
        return Task.FromResult(new AttentionFeed(cursor, events, gap, peers));
    }

    /// <summary>The folders strictly below <paramref name="root"/> holding any of <paramref name="files"/>, each with the
    /// aggregate of the files below it (<see cref="FolderHeat"/>), hottest first, ties by path.</summary>
    private static IEnumerable<FolderHeat> FoldersOf(List<HeatItem> files, string root)
    {
        var folders = new Dictionary<string, FolderHeat>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            for (var cut = file.Path.LastIndexOf('/'); cut > 0; cut = file.Path.LastIndexOf('/', cut - 1))
            {
                var folder = file.Path[..cut];
                if (folder.Length <= root.Length) break;
                folders[folder] = folders.TryGetValue(folder, out var sum)
                    ? sum with
                    {
                        Heat = sum.Heat + file.Heat,
                        Files = sum.Files + 1,
                        Opens = sum.Opens + file.Opens,
                        AttendedBytes = sum.AttendedBytes + file.Size,
                        LastAccess = Newest(sum.LastAccess, file.LastAccess),
                    }
                    : new FolderHeat(folder, file.Heat, 1, file.Opens, file.Size, file.LastAccess);
            }
        }
        return folders.Values.OrderByDescending(f => f.Heat).ThenBy(f => f.Path, StringComparer.Ordinal);
    }

    private static DateTimeOffset? Newest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>Peers' attention reported at or after <paramref name="from"/>, newest first, at most <paramref name="limit"/>.</summary>
    private List<PeerAttentionItem> PeerAttentionSince(DateTimeOffset from, int limit)
    {
        var fromNs = (from.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        using var db = SharingDatabase.Open(_directory);
        var names = db.ListPeers().Where(p => p.IsActive).ToDictionary(p => p.PlayerId, p => p.Name);
        return db.ListPeerAttention()
            .Where(a => a.LastNs >= fromNs)
            .OrderByDescending(a => a.LastNs)
            .Take(limit)
            .Select(a => new PeerAttentionItem(names.TryGetValue(a.Peer, out var name) ? name : a.Peer.ToString(), a.Path, a.Count, ItemReader.FromNanoseconds(a.LastNs)))
            .ToList();
    }
}
