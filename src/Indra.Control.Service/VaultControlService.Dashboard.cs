using Indra.Control.Service.Dashboard;
using Indra.Engine.Attention;
using Indra.Engine.Domain;

namespace Indra.Control.Service;

public sealed partial class VaultControlService
{
    /// <summary>Most file tiles one treemap carries; folders are always there, and files past it count in their
    /// folders' size and heat only (<see cref="TreemapNode.Omitted"/>).</summary>
    internal const int TreemapFileLimit = 20_000;

    /// <summary>Most attention events one timeline reads (newest first): about 6,000 opens an hour for a week.</summary>
    internal const int TimelineEventLimit = 1_000_000;

    /// <summary>
    /// The vault as treemap tiles (<see cref="TreemapNode"/>), read from the committed tree without going through the
    /// filesystem, so that looking records no attention; heat from the heat aggregate after flushing the pending
    /// attention events. A file being written counts with its last committed size.
    /// </summary>
    internal TreemapNode Treemap(CancellationToken cancellation)
    {
        _vault.Attention.Flush();
        var heat = new Dictionary<long, double>();
        foreach (var entry in _vault.Attention.HottestNodes(HeatScan)) heat[entry.Inode] = entry.Heat;
        var root = new TreemapNode("", "", true);
        var folders = new List<TreemapNode> { root };
        var files = 0;
        foreach (var entry in _vault.Tree.Walk(_vault.Tree.Root))
        {
            if (entry.Depth == 0) continue;
            cancellation.ThrowIfCancellationRequested();
            folders.RemoveRange(entry.Depth, folders.Count - entry.Depth);
            var parent = folders[^1];
            var name = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
            if (entry.Node.Kind == NodeKind.Directory)
            {
                var folder = new TreemapNode(name, entry.Path, true);
                parent.Children!.Add(folder);
                folders.Add(folder);
                continue;
            }
            var fileHeat = heat.GetValueOrDefault(entry.Node.Inode);
            foreach (var above in folders)
            {
                above.Size += entry.Node.Size;
                above.Heat += fileHeat;
                above.Files++;
            }
            if (files++ < TreemapFileLimit) parent.Children!.Add(new TreemapNode(name, entry.Path, false) { Size = entry.Node.Size, Heat = fileHeat, Files = 1 });
            else parent.Omitted++;
        }
        Order(root);
        return root;
    }

    private static void Order(TreemapNode folder)
    {
        folder.Children!.Sort((a, b) => b.Size != a.Size ? b.Size.CompareTo(a.Size) : string.CompareOrdinal(a.Name, b.Name));
        foreach (var child in folder.Children) if (child.Folder) Order(child);
    }

    /// <summary>
    /// Opens per hour over the last <paramref name="hours"/> hours, oldest first, the last one the current hour (UTC):
    /// the navigate-to events recorded on the mount and through the control API, read newest first from the events the
    /// retention keeps, at most <see cref="TimelineEventLimit"/>.
    /// </summary>
    /// <returns>Each hour's start and its count.</returns>
    internal IReadOnlyList<(DateTimeOffset Hour, long Opens)> Timeline(int hours, CancellationToken cancellation)
    {
        const long HourNs = 3600L * 1_000_000_000;
        _vault.Attention.Flush();
        var nowNs = _vault.ClockNs();
        var firstNs = (nowNs / HourNs - (hours - 1)) * HourNs;
        var counts = new long[hours];
        _vault.Attention.VisitRecentEvents(TimelineEventLimit, e =>
        {
            if (e.AtNs < firstNs) return false;
            if (e.Kind == AttentionKind.NavigateTo && e.AtNs < firstNs + hours * HourNs) counts[(e.AtNs - firstNs) / HourNs]++;
            return !cancellation.IsCancellationRequested;
        });
        return counts.Select((count, i) => (Items.ItemReader.FromNanoseconds(firstNs + i * HourNs), count)).ToList();
    }

    /// <summary>
    /// <c>/.indra/sync-status.json</c>'s text: the running sharing service's (<see cref="Sharing.SharingService.SyncStatusJson"/>),
    /// or no peers when sharing is off or the vault is not mounted.
    /// </summary>
    internal string SyncStatusJson() => _mount?.Sharing?.SyncStatusJson() ?? "{\n  \"peers\": []\n}\n";
}
