namespace Indra.Storage.Metadata;

internal sealed partial class MetadataStore
{
    /// <summary>Every reference of tree <paramref name="parent"/> with its target node, in position order (one query).</summary>
    public List<(RefRecord Ref, NodeRecord Node)> ListChildren(long parent)
    {
        lock (SyncRoot)
        {
            var result = new List<(RefRecord, NodeRecord)>();
            var command = Bind(Command($"SELECT r.label, r.position, n.{NodeColumns.Replace(", ", ", n.", StringComparison.Ordinal)} FROM refs r JOIN nodes n ON n.ino = r.child WHERE r.parent = $0 ORDER BY r.position"), parent);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var node = ReadNode(reader, 2);
                result.Add((new RefRecord(parent, reader.GetString(0), reader.GetInt64(1), node.Inode), node));
            }
            return result;
        }
    }
}
