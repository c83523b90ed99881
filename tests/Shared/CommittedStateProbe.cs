using Microsoft.Data.Sqlite;

namespace Indra.Tests.Shared;

/// <summary>
/// Reads a vault's metadata database through a connection of its own, read-only, as a crash would leave it: each
/// <see cref="Problems"/> call is one read transaction, so it sees one committed state (WAL snapshot isolation), the
/// state a crash at that moment would recover. It checks the rules every committed state must keep:
/// every file or symlink with content names a leaf that has a <c>leaves</c> row with references (else recovery's
/// garbage collection deletes its blocks); every reference's tree and node exist; a file's link count is the number
/// of references to it; a referenced directory's link count is 2 plus its subdirectories.
/// </summary>
public sealed class CommittedStateProbe : IDisposable
{
    // Node kinds as stored (Indra.Engine.Domain.NodeKind): 0 file, 1 directory, 2 symlink.
    private const string Checks = """
        SELECT 'node ' || n.ino || ' names leaf ' || hex(n.artifact) || ' which has no leaves row'
          FROM nodes n
         WHERE n.kind IN (0, 2) AND n.size > 0
           AND NOT EXISTS (SELECT 1 FROM leaves l WHERE l.id = n.artifact AND l.refcount > 0)
        UNION ALL
        SELECT 'reference ' || r.parent || '/' || r.label || ' names missing node ' || r.child
          FROM refs r WHERE NOT EXISTS (SELECT 1 FROM nodes WHERE ino = r.child)
        UNION ALL
        SELECT 'reference ' || r.parent || '/' || r.label || ' is in missing tree ' || r.parent
          FROM refs r WHERE NOT EXISTS (SELECT 1 FROM nodes WHERE ino = r.parent)
        UNION ALL
        SELECT 'node ' || n.ino || ' has ' || n.nlink || ' links but ' || (SELECT COUNT(*) FROM refs WHERE child = n.ino) || ' references'
          FROM nodes n
         WHERE n.kind <> 1 AND n.nlink <> (SELECT COUNT(*) FROM refs WHERE child = n.ino)
        UNION ALL
        SELECT 'directory ' || d.ino || ' has ' || d.nlink || ' links but ' || (SELECT COUNT(*) FROM refs r JOIN nodes c ON c.ino = r.child WHERE r.parent = d.ino AND c.kind = 1) || ' subdirectories'
          FROM nodes d
         WHERE d.kind = 1
           AND (d.ino = $root OR EXISTS (SELECT 1 FROM refs WHERE child = d.ino))
           AND d.nlink <> 2 + (SELECT COUNT(*) FROM refs r JOIN nodes c ON c.ino = r.child WHERE r.parent = d.ino AND c.kind = 1)
        """;

    private readonly SqliteConnection _connection;
    private readonly long _rootInode;

    /// <summary>Opens <paramref name="databasePath"/> (a vault's metadata file) read-only.</summary>
    /// <param name="databasePath">The vault's <c>vault.db</c>.</param>
    /// <param name="rootInode">The root tree's inode (its link count is checked though nothing references it).</param>
    public CommittedStateProbe(string databasePath, long rootInode)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        _rootInode = rootInode;
    }

    /// <summary>Snapshots taken so far.</summary>
    public int Snapshots { get; private set; }

    /// <summary>What the committed state breaks, one line per problem; empty when it keeps every rule.</summary>
    public List<string> Problems()
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Checks;
        command.Parameters.AddWithValue("$root", _rootInode);
        var problems = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) problems.Add(reader.GetString(0));
        }
        transaction.Commit();
        Snapshots++;
        return problems;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _connection.Dispose();
}
