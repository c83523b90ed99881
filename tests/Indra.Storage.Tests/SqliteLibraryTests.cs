using Indra.Storage.Metadata;
using SQLitePCL;

namespace Indra.Storage.Tests;

public sealed class SqliteLibraryTests
{
    [Test]
    public void SQLiteCountsNoMemoryOnceTheMetadataStoreHasLoadedIt()
    {
        using var store = MetadataStore.OpenInMemory();
        store.InTransaction(() =>
        {
            for (var i = 0; i < 100; i++) store.InsertNode(new NodeRecord { TypeTag = "blob" });
            return 0;
        });
        Assert.Multiple(() =>
        {
            Assert.That(store.CountNodes().Leaves, Is.EqualTo(100));
            Assert.That(SqliteLibrary.ConfigResult, Is.EqualTo(raw.SQLITE_OK), "SQLite had initialized before the metadata store configured it");
            // With statistics on, the open store's pages and statements (its page cache, schema and prepared statements) would be counted.
            Assert.That(raw.sqlite3_memory_used(), Is.Zero);
        });
    }
}
