using Indra.Hashing;
using Indra.Storage.Metadata;

namespace Indra.Storage.Tests;

/// <summary>The attention tables of a real SQLite file: the heat aggregate follows appends and survives compaction.</summary>
public sealed class AttentionStoreTests
{
    private const double HalfLifeNs = 3_600e9;
    private const long Hour = 3_600L * 1_000_000_000;
    private const long T = 1_800_000_000L * 1_000_000_000;
    private static readonly Blake3Hash Alice = Blake3.Hash("alice"u8);
    private static readonly Blake3Hash Bob = Blake3.Hash("bob"u8);

    private string _path = "";

    [SetUp]
    public void CreateFile() => _path = Path.Combine(Path.GetTempPath(), $"indra-attention-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFile()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    private static AttentionRecord Open(long at, long inode, Blake3Hash player, string path) => new(at, 0, player, inode, default, default, path, 0);

    private static AttentionRecord Back(long at, long inode, long dwellMs) => new(at, 1, Alice, inode, default, default, "vault/back", dwellMs);

    [Test]
    public void TheAggregateFoldsEventsInAnyOrderAsTheDecaySumDoes()
    {
        using var store = MetadataStore.Open(_path);
        store.AppendAttention([Open(T, 6, Alice, "vault/a"), Open(T + 2 * Hour, 6, Bob, "vault/a2"), Back(T + 3 * Hour, 6, 700)], HalfLifeNs);
        store.AppendAttention([Open(T + Hour, 6, Alice, "vault/a3"), Open(T, 7, Bob, "vault/b")], HalfLifeNs);

        var a = store.SummarizeAttention(6, T + 4 * Hour, HalfLifeNs)!.Value;
        Assert.That(a.Score, Is.EqualTo(Math.Pow(2, -4) + Math.Pow(2, -2) + Math.Pow(2, -3)).Within(1e-12), "opens 4, 2 and 3 half-lives old");
        Assert.That((a.Opens, a.Players, a.DwellMs, a.Path), Is.EqualTo((3, 2, 700L, "vault/a3")), "the path is the newest event's");
        Assert.That(store.SummarizeAttention(6, T, HalfLifeNs)!.Value.Score, Is.EqualTo(Math.Pow(2, -3) + Math.Pow(2, -1) + Math.Pow(2, -2)).Within(1e-12),
            "read before the newest event (T + 3 h): the score as at that event");
        Assert.That(store.SummarizeAttention(8, T, HalfLifeNs), Is.Null);
        Assert.That(store.SummarizeAttention(T + 4 * Hour, HalfLifeNs, 10).Select(s => s.Inode), Is.EqualTo(new[] { 6L, 7L }), "hottest first");
    }

    [TestCase(150, 3)]
    [TestCase(500, 150)]
    public void ABatchLeavesTheAggregateBitForBitAsOneEventPerBatchDoes(int count, int nodes)
    {
        // Times off the half-life grid, out of order, opens and backs of two players on three nodes, repeated nodes: the
        // batch folds per node in memory and must take the same floating-point steps as one event at a time. The second
        // batch is inserted 64 rows per statement and then fewer (143 events: 64, 64, 8, 4, 2, 1), and with 150 nodes its
        // heat and player rows are read and written 64 nodes per statement: every row keeps its fields and its id.
        var events = new List<AttentionRecord>();
        for (var i = 0; i < count; i++)
        {
            var at = T + (i * 7_919L % 23) * Hour / 3 + i * 1_000_003L;
            var inode = 6 + i % nodes;
            events.Add(i % 4 == 3 ? Back(at, inode, 10 + i) : Open(at, inode, i % 5 == 0 ? Bob : Alice, $"vault/{i}"));
        }
        var onePath = _path + ".one";
        try
        {
            using var batched = MetadataStore.Open(_path);
            using var single = MetadataStore.Open(onePath);
            batched.AppendAttention(events.Take(7).ToList(), HalfLifeNs);
            batched.AppendAttention(events.Skip(7).ToList(), HalfLifeNs);
            foreach (var e in events) single.AppendAttention([e], HalfLifeNs);

            foreach (var now in new[] { T, T + 5 * Hour, T + 40 * Hour })
            {
                var got = batched.SummarizeAttention(now, HalfLifeNs, nodes + 10);
                Assert.That(got, Has.Count.EqualTo(nodes));
                Assert.That(got, Is.EqualTo(single.SummarizeAttention(now, HalfLifeNs, nodes + 10)), "score (exactly), players, dwell, opens, last event and path");
            }
            Assert.That(batched.AttentionSince(0), Is.EqualTo(single.AttentionSince(0)), "every event kept with its fields and id");
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(onePath + suffix);
        }
    }

    [Test]
    public void CompactionDeletesOnlyOldEventsInBoundedBatchesAndLeavesTheAggregate()
    {
        using var store = MetadataStore.Open(_path);
        store.AppendAttention(Enumerable.Range(0, 50).Select(i => Open(T + i * Hour, 6 + i % 2, i % 3 == 0 ? Bob : Alice, $"vault/{i}")).ToList(), HalfLifeNs);
        var before = store.SummarizeAttention(T + 60 * Hour, HalfLifeNs, 10);

        Assert.That(store.CompactAttention(T + 30 * Hour, 20), Is.EqualTo(20), "bounded");
        Assert.That(store.CompactAttention(T + 30 * Hour, 20), Is.EqualTo(10), "the rest before the cut-off");
        Assert.That(store.CompactAttention(T + 30 * Hour, 20), Is.Zero);

        Assert.That(store.AttentionSince(0).Select(e => e.AtNs), Is.EqualTo(Enumerable.Range(30, 20).Select(i => T + i * Hour)));
        Assert.That(store.SummarizeAttention(T + 60 * Hour, HalfLifeNs, 10), Is.EqualTo(before), "heat, counts and paths unchanged");
    }
}
