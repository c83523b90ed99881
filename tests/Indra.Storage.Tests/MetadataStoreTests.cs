using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

public sealed class MetadataStoreTests
{
    [Test]
    public void NodesGetIncreasingInodeNumbersFromSixThatAreNeverReused()
    {
        using var store = MetadataStore.OpenInMemory();
        var first = store.InsertNode(NewNode());
        var second = store.InsertNode(NewNode());
        Assert.That(first, Is.EqualTo(6));
        Assert.That(second, Is.EqualTo(7));
        store.DeleteNode(second);
        Assert.That(store.InsertNode(NewNode()), Is.EqualTo(8));
    }

    [Test]
    public void ARolledBackTransactionLeavesNothing()
    {
        using var store = MetadataStore.OpenInMemory();
        Assert.Throws<InvalidOperationException>(() => store.InTransaction(() =>
        {
            store.InsertNode(NewNode());
            throw new InvalidOperationException("boom");
        }));
        Assert.That(store.CountNodes(), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public void AMovedReferenceTakesItsNewTreeLabelAndPositionAndAMissingOneIsInserted()
    {
        using var store = MetadataStore.OpenInMemory();
        var from = store.InsertNode(NewNode(StoredKind.Directory));
        var to = store.InsertNode(NewNode(StoredKind.Directory));
        var file = store.InsertNode(NewNode());
        store.InsertRef(new RefRecord(from, "old", 1, file));

        store.MoveRef(from, "old", new RefRecord(to, "new", 7, file));
        Assert.That(store.GetRef(from, "old"), Is.Null);
        Assert.That(store.GetRef(to, "new"), Is.EqualTo(new RefRecord(to, "new", 7, file)));

        store.MoveRef(from, "absent", new RefRecord(from, "inserted", 2, file));
        Assert.That(store.GetRef(from, "inserted"), Is.EqualTo(new RefRecord(from, "inserted", 2, file)));
        Assert.That(store.RefsTo(file), Has.Count.EqualTo(2));
    }

    [Test]
    public void ReferencesListInPositionOrderWithTheirNodes()
    {
        using var store = MetadataStore.OpenInMemory();
        var parent = store.InsertNode(NewNode(StoredKind.Directory));
        var b = store.InsertNode(NewNode());
        var a = store.InsertNode(NewNode());
        store.InsertRef(new RefRecord(parent, "b", 1, b));
        store.InsertRef(new RefRecord(parent, "a", 2, a));
        var children = store.ListChildren(parent);
        Assert.That(children.Select(c => c.Ref.Label), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(children.Select(c => c.Node.Inode), Is.EqualTo(new[] { b, a }));
        Assert.That(store.RefsTo(a).Single().Label, Is.EqualTo("a"));
    }

    [Test]
    public void TheDatabaseFilePassesIntegrityCheck() => WithDatabaseFile(path =>
    {
        using (var store = MetadataStore.Open(path))
        {
            store.InsertNode(NewNode());
            store.SetXattr(6, "user.a", [1, 2, 3]);
            Assert.That(store.IntegrityCheck(), Is.EqualTo("ok"));
        }
        using var reader = MetadataStore.OpenReadOnly(path);
        Assert.That(reader.GetNode(6), Is.Not.Null);
    });

    [Test]
    public void DeviceNumbersAreStoredWithTheirNodes()
    {
        using var store = MetadataStore.OpenInMemory();
        var parent = store.InsertNode(NewNode(StoredKind.Directory));
        var device = NewNode(StoredKind.BlockDevice);
        device.DeviceNumber = 0x800;
        var inode = store.InsertNode(device);
        store.InsertRef(new RefRecord(parent, "sda", 1, inode));
        Assert.That((store.GetNode(inode)!.Kind, store.GetNode(inode)!.DeviceNumber), Is.EqualTo((StoredKind.BlockDevice, 0x800UL)));
        device.DeviceNumber = 0x801;
        store.UpdateNode(device);
        Assert.That(store.ListChildren(parent).Single().Node.DeviceNumber, Is.EqualTo(0x801UL));
    }

    [Test]
    public void A_schema_1_database_is_migrated_even_when_first_opened_for_reading() => WithDatabaseFile(path =>
    {
        using (var store = MetadataStore.Open(path)) store.InsertNode(NewNode());
        Execute(path, "ALTER TABLE nodes DROP COLUMN rdev; UPDATE settings SET value = '1' WHERE key = 'schema_version';");
        using var reader = MetadataStore.OpenReadOnly(path);
        Assert.That(reader.GetSetting("schema_version"), Is.EqualTo(MetadataSchema.Version.ToString()));
        Assert.That(reader.GetNode(6)!.DeviceNumber, Is.Zero);
    });

    [Test]
    public void A_database_of_a_later_schema_is_refused() => WithDatabaseFile(path =>
    {
        MetadataStore.Open(path).Dispose();
        var later = (MetadataSchema.Version + 1).ToString();
        Execute(path, $"UPDATE settings SET value = '{later}' WHERE key = 'schema_version';");
        Assert.That(() => MetadataStore.Open(path), Throws.InvalidOperationException.With.Message.Contains($"schema version {later}"));
    });

    /// <summary>Runs <paramref name="test"/> on a fresh database path under /tmp and deletes the files after.</summary>
    [Test]
    public void AnInlineBlockIsServedWhileTheWriterHoldsTheDatabase() => WithDatabaseFile(path =>
    {
        using var store = MetadataStore.Open(path);
        var data = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000);
        var hash = Blake3.Hash(data);
        Assert.That(store.PutInlineBlock(hash, data), Is.True);
        Assert.That(Served(store, hash), Is.EqualTo(data), "served from the queue before its row lands");
        store.FlushDeferred();
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            lock (store.SyncRoot)
            {
                held.Set();
                release.Wait();
            }
        });
        writer.Start();
        try
        {
            held.Wait();
            var read = Task.Run(() => Served(store, hash));
            Assert.That(read.Wait(TimeSpan.FromSeconds(15)), Is.True, "the read waited for the writer's lock");
            Assert.That(read.Result, Is.EqualTo(data), "the committed row");
            Assert.That(Served(store, Blake3.Hash([1, 2, 3])), Is.Null, "a block never stored");
        }
        finally
        {
            release.Set();
            writer.Join();
        }
        var part = new byte[500];
        Assert.That(store.ReadInlineBlockToServe(hash, 1000, part), Is.EqualTo(500));
        Assert.That(part, Is.EqualTo(data[1000..1500]), "a slice from an offset");
        Assert.That(store.ReadInlineBlockToServe(hash, 2900, part), Is.EqualTo(100), "clipped at the block's end");
        Assert.That(part[..100], Is.EqualTo(data[2900..]));
        Assert.That(store.ReadInlineBlockToServe(hash, 3000, part), Is.Zero, "at the end");
        store.DeleteInlineBlock(hash);
        Assert.That(Served(store, hash), Is.Null, "a deleted row is gone for the reader too");
    });

    [Test]
    public void A_version_4_database_gets_its_inline_blocks_as_a_rowid_table() => WithDatabaseFile(path =>
    {
        var blocks = Enumerable.Range(1, 40).Select(i => System.Security.Cryptography.RandomNumberGenerator.GetBytes(i * 400)).ToArray();
        using (var store = MetadataStore.Open(path)) store.InsertNode(NewNode());
        // What version 4 made: the same rows in a WITHOUT ROWID table.
        Execute(path, "DROP TABLE inline_blocks; CREATE TABLE inline_blocks(hash BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID; " +
                      "UPDATE settings SET value = '4' WHERE key = 'schema_version';");
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            foreach (var data in blocks)
            {
                using var insert = old.CreateCommand();
                insert.CommandText = "INSERT INTO inline_blocks(hash, data) VALUES($hash, $data)";
                insert.Parameters.AddWithValue("$hash", Blake3.Hash(data).ToArray());
                insert.Parameters.AddWithValue("$data", data);
                insert.ExecuteNonQuery();
            }
        }
        using (var store = MetadataStore.Open(path))
        {
            Assert.That(store.GetSetting("schema_version"), Is.EqualTo(MetadataSchema.Version.ToString()));
            Assert.That(blocks.Select(data => Served(store, Blake3.Hash(data))), Is.EqualTo(blocks), "every row, through the reader");
            Assert.That(blocks.Select(data => store.GetInlineBlock(Blake3.Hash(data))), Is.EqualTo(blocks), "every row, through the writer");
        }
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var sql = check.CreateCommand();
        sql.CommandText = "SELECT sql FROM sqlite_schema WHERE name = 'inline_blocks'";
        Assert.That(sql.ExecuteScalar() as string, Does.Not.Contain("WITHOUT ROWID"));
    });

    /// <summary>A whole small block as <see cref="MetadataStore.ReadInlineBlockToServe"/> serves it; null when it has none.</summary>
    private static byte[]? Served(MetadataStore store, Blake3Hash hash)
    {
        var buffer = new byte[64 * 1024];
        var n = store.ReadInlineBlockToServe(hash, 0, buffer);
        return n < 0 ? null : buffer[..n];
    }

    private static void WithDatabaseFile(Action<string> test)
    {
        var path = Path.Combine(Path.GetTempPath(), "indra-meta-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            test(path);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    /// <summary>Runs <paramref name="sql"/> on the database at <paramref name="path"/> as another program would.</summary>
    private static void Execute(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static NodeRecord NewNode(int kind = StoredKind.File) => new() { Kind = kind, Mode = 0x1A4, LinkCount = 1, ArtifactId = Blake3.Hash([]), TypeTag = "File" };
}
