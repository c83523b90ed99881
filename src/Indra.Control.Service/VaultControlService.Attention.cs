using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;

namespace Indra.Control.Service;

public sealed partial class VaultControlService
{
    /// <summary>Most attended nodes read from the heat aggregate for one heat request (before the path filter).</summary>
    private const int HeatScan = 100_000;

    /// <inheritdoc/>
    public Task<IReadOnlyList<HeatItem>> GetHeatAsync(string? path, int top, CancellationToken cancellation = default)
    {
        CheckCount(top, "top");
        var under = path is null ? null : ControlPath.Parse(path);
        if (under is { IsShared: true }) throw new VaultControlException(ControlErrorKind.InvalidArgument, "heat is kept for the vault's own files only");
        var found = new List<(long Inode, HeatItem Item)>();
        foreach (var entry in _vault.Attention.HottestNodes(HeatScan))
        {
            if (found.Count >= top) break;
            var node = _vault.Tree.GetNode(entry.Inode);
            if (node is null || node.Kind != NodeKind.File) continue;
            var current = _vault.Tree.PathOf(entry.Inode);
            if (current is null || (under is not null && !IsUnder(current, under.Text))) continue;
            found.Add((entry.Inode, new HeatItem(current, node.ArtifactId.ToString(), entry.Heat, entry.Opens, entry.UniquePeers, entry.DwellMs / 1000.0, null, node.Size)));
        }
        var last = LastAccess(found.Select(f => f.Inode).ToHashSet());
        return Task.FromResult<IReadOnlyList<HeatItem>>(
            found.ConvertAll(f => last.TryGetValue(f.Inode, out var at) ? f.Item with { LastAccess = at } : f.Item));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AttentionItem>> GetAttentionAsync(string? path, DateTimeOffset? since, int limit, CancellationToken cancellation = default)
    {
        CheckCount(limit, "limit");
        var on = path is null ? null : ControlPath.Parse(path).MountPath;
        var sinceNs = since is { } start ? (start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 : long.MinValue;
        var items = new List<AttentionItem>();
        _vault.Attention.VisitRecentEvents(int.MaxValue, e =>
        {
            if (e.AtNs < sinceNs || items.Count >= limit) return false;
            if (on is null || e.Path == on || e.Path.StartsWith(on + "/", StringComparison.Ordinal))
            {
                items.Add(new AttentionItem(ItemReader.FromNanoseconds(e.AtNs), e.Kind, VaultPathOf(e.Path), e.Artifact.ToString(), e.Player.ToString(), e.DwellMs / 1000.0));
            }
            return !cancellation.IsCancellationRequested;
        });
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<AttentionItem>>(items);
    }

    /// <summary>The time of the newest attention event on each of <paramref name="inodes"/>, looked for among the
    /// latest <see cref="HeatScan"/> events kept (one pass, newest first); a node not met there has none.</summary>
    private Dictionary<long, DateTimeOffset> LastAccess(HashSet<long> inodes)
    {
        var last = new Dictionary<long, DateTimeOffset>();
        if (inodes.Count == 0) return last;
        _vault.Attention.VisitRecentEvents(HeatScan, e =>
        {
            if (inodes.Contains(e.Inode)) last.TryAdd(e.Inode, ItemReader.FromNanoseconds(e.AtNs));
            return last.Count < inodes.Count;
        });
        return last;
    }

    /// <summary>An event's mount path as a control path: "vault/a" is "a", "vault" is "", "peers/x" stays.</summary>
    private static string VaultPathOf(string mountPath) =>
        mountPath == "vault" ? "" : mountPath.StartsWith("vault/", StringComparison.Ordinal) ? mountPath["vault/".Length..] : mountPath;

    private static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static void CheckCount(int count, string name)
    {
        if (count is < 0 or > ControlLimits.MaxListItems)
        {
            throw new VaultControlException(ControlErrorKind.InvalidArgument, $"{name} is 0 to {ControlLimits.MaxListItems}");
        }
    }
}
