namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    private static readonly string ListChildrenSql =
        $"SELECT r.label, r.position, n.{NodeColumns.Replace(", ", ", n.", StringComparison.Ordinal)} FROM refs r JOIN nodes n ON n.ino = r.child WHERE r.parent = ?1 ORDER BY r.position";

    /// <summary>Every reference of tree <paramref name="parent"/> with its target node, in position order (one query).</summary>
    public List<(RefRecord Ref, NodeRecord Node)> ListChildren(long parent)
    {
        lock (SyncRoot)
        {
            var select = PreparedAfterQueue(ListChildrenSql);
            select.Bind(1, parent);
            return select.Rows(r =>
            {
                var node = ReadNode(r, 2);
                return (new RefRecord(parent, r.Text(0), r.Int64(1), node.Inode), node);
            });
        }
    }
}
