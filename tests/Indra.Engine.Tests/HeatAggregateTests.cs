using Indra.Engine.Attention;
using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Storage.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Indra.Engine.Tests;

/// <summary>
/// The per-node heat aggregate against the formula and against <see cref="HeatCalculator.Compute"/> over the raw
/// events, with a fake clock and real SQLite files; and the retention that compacts raw events.
/// </summary>
public sealed class HeatAggregateTests
{
    private static readonly PlayerId[] Players = [new(Blake3.Hash("alice"u8)), new(Blake3.Hash("bob"u8)), new(Blake3.Hash("carol"u8))];
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const long Day = 86_400L * 1_000_000_000;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("indra-heat-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string DatabasePath => Path.Combine(_directory, "metadata.db");

    private static AttentionEvent Event(long at, int kind, long inode, int player = 0, long dwellMs = 0) =>
        new(at, (AttentionKind)kind, Players[player], inode, default, default, $"vault/n{inode}", dwellMs);

    [Test]
    public void HeatDecaysOverFakeTimeAsTheFormulaSays()
    {
        var clock = new FakeTimeProvider(Start);
        using var store = MetadataStore.Open(DatabasePath);
        using var recorder = new AttentionRecorder(store, clock);
        for (var i = 0; i < 3; i++) recorder.Record(Event(recorder.NowNs(), 0, 7));
        Assert.That(recorder.HeatOf(7), Is.EqualTo(1 - Math.Pow(2, -3 / HeatCalculator.Saturation)).Within(1e-12));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.That(recorder.HeatOf(7), Is.EqualTo(HeatCalculator.HeatOf(1.5)).Within(1e-12), "a day later the three opens count half");

        recorder.Record(Event(recorder.NowNs(), 0, 7));
        clock.Advance(TimeSpan.FromHours(36));
        var expected = 3 * Math.Pow(2, -2.5) + Math.Pow(2, -1.5);
        Assert.That(recorder.HeatOf(7), Is.EqualTo(HeatCalculator.HeatOf(expected)).Within(1e-12));
        Assert.That(recorder.HeatOf(8), Is.Zero, "no attention");
    }

    [Test]
    public void TheAggregateEqualsTheRecomputationFromRawEvents_OutOfOrderAndAcrossReopening()
    {
        var clock = new FakeTimeProvider(Start);
        // Events whose times go back and forth (pending events of several threads, clock steps), all in the past.
        var events = RandomEvents(11, 3000, 10 * Day, 80);
        using (var store = MetadataStore.Open(DatabasePath))
        using (var recorder = new AttentionRecorder(store, clock))
        {
            foreach (var e in events[..2000]) recorder.Record(e);
            recorder.Flush();
        }
        using (var store = MetadataStore.Open(DatabasePath))
        using (var recorder = new AttentionRecorder(store, clock))
        {
            foreach (var e in events[2000..]) recorder.Record(e);
            clock.Advance(TimeSpan.FromHours(7));
            AssertMatches(recorder, events, recorder.NowNs());
        }
    }

    [Test]
    public void RetentionDeletesOldEventsAndKeepsHeat()
    {
        var clock = new FakeTimeProvider(Start);
        using var store = MetadataStore.Open(DatabasePath);
        using var recorder = new AttentionRecorder(store, clock);
        Assert.That(recorder.Retention, Is.EqualTo(TimeSpan.FromDays(30)), "the default");
        var all = new List<AttentionEvent>();
        for (var day = 0; day < 45; day++)
        {
            for (var i = 0; i < 20; i++)
            {
                var e = Event(recorder.NowNs(), i % 4 == 3 ? 1 : 0, 6 + i % 5, i % 3, i % 4 == 3 ? 100 : 0);
                all.Add(e);
                recorder.Record(e);
            }
            recorder.Flush();
            clock.Advance(TimeSpan.FromDays(1));
        }
        recorder.Compact();

        var kept = recorder.EventsSince(0);
        var cutoff = recorder.NowNs() - 30 * Day;
        Assert.That(kept, Has.Count.EqualTo(all.Count(e => e.AtNs >= cutoff)), "every event older than 30 days is gone, every newer one kept");
        Assert.That(kept.Min(e => e.AtNs), Is.GreaterThanOrEqualTo(cutoff));
        AssertMatches(recorder, all, recorder.NowNs());
        Assert.That(recorder.RecentEvents(10_000).Select(e => e.AtNs), Is.EqualTo(kept.Select(e => e.AtNs)), "attention.log's source shows the kept window");
    }

    [Test]
    public void CompactionRunsInBoundedBatchesAndTheSettingChangesTheRetention()
    {
        var clock = new FakeTimeProvider(Start);
        var now = (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var old = Enumerable.Range(0, AttentionRecorder.CompactBatch + 100).Select(i => Event(now - 10 * Day + i, 0, 6 + i % 3)).ToList();
        using var store = MetadataStore.Open(DatabasePath);
        store.SetSetting(AttentionRecorder.RetentionSetting, "0");
        using (var forever = new AttentionRecorder(store, clock))
        {
            Assert.That(forever.Retention, Is.Null);
            foreach (var e in old) forever.Record(e);
            forever.Flush();
            Assert.That(forever.Compact(), Is.Zero, "0 days keeps raw events forever");
        }
        store.SetSetting(AttentionRecorder.RetentionSetting, "7");
        using var recorder = new AttentionRecorder(store, clock);
        Assert.That(recorder.Retention, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(recorder.Compact(), Is.EqualTo(AttentionRecorder.CompactBatch), "one batch at most");
        Assert.That(recorder.Compact(), Is.EqualTo(100));
        Assert.That(recorder.EventsSince(0), Is.Empty);
        AssertMatches(recorder, old, now);
    }

    [Test]
    public void AVaultOfSchemaVersion2GetsItsAggregateSummedUpAtOpen()
    {
        var now = (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var events = RandomEvents(5, 1500, 4 * Day, 40);
        using (var store = MetadataStore.Open(DatabasePath))
        {
            store.AppendAttention(Rows(events), HeatCalculator.HalfLifeNs);
        }
        // Back to what version 2 stored: raw events only.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE attention_heat; DROP TABLE attention_players; UPDATE settings SET value = '2' WHERE key = 'schema_version';";
            command.ExecuteNonQuery();
        }
        using (var store = MetadataStore.Open(DatabasePath))
        using (var recorder = new AttentionRecorder(store, new FakeTimeProvider(Start)))
        {
            Assert.That(store.GetSetting("schema_version"), Is.EqualTo(MetadataSchema.Version.ToString()));
            AssertMatches(recorder, events, now + Day / 3);
        }
    }

    [Test]
    public void EventsWrittenIntoTheTableDirectlyAreFoldedInWhenTheVaultOpens()
    {
        var now = (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var events = RandomEvents(3, 1200, 3 * Day, 30);
        StoreThenWritePast(events, 700);
        using (var store = MetadataStore.Open(DatabasePath))
        using (var recorder = new AttentionRecorder(store, new FakeTimeProvider(Start)))
        {
            AssertMatches(recorder, events, now);
            Assert.That(store.FoldAttention(HeatCalculator.HalfLifeNs), Is.Zero, "nothing left to fold");
        }
    }

    [Test]
    public void AVaultOfSchemaVersion5LosesItsIndexOfEventsByNodeAndKeepsItsHeat()
    {
        var now = (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var events = RandomEvents(7, 2000, 5 * Day, 50);
        // Back to what version 5 had: the index, and (written by it) events not folded in yet.
        StoreThenWritePast(events, 1200, "CREATE INDEX attention_by_node ON attention(ino); UPDATE settings SET value = '5' WHERE key = 'schema_version';");
        using (var store = MetadataStore.Open(DatabasePath))
        using (var recorder = new AttentionRecorder(store, new FakeTimeProvider(Start)))
        {
            Assert.That(store.GetSetting("schema_version"), Is.EqualTo(MetadataSchema.Version.ToString()));
            AssertMatches(recorder, events, now);
        }
        using var check = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT group_concat(name) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attention' AND sql IS NOT NULL";
        Assert.That(indexes.ExecuteScalar(), Is.EqualTo("attention_by_time"), "the index by node is gone");
    }

    [Test]
    public void TheFoldLooksUpEachNodesEventsByKeyRatherThanScanningThemAllPerNode()
    {
        // The raw events have no index by node: a fold that joined them by node would read every event past the mark
        // once per node (1,000,000 events of 1,000 files: a billion rows). Its plan must find a node's events by key.
        MetadataStore.Open(DatabasePath).Dispose();
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        connection.CreateFunction("indra_decay", (long age, double halfLife) => 0.0);
        Run(connection, MetadataStore.UnfoldedTableSql);
        using var plan = connection.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN " + MetadataStore.FoldSql;
        plan.Parameters.AddWithValue("$0", HeatCalculator.HalfLifeNs);
        var steps = new List<string>();
        using (var reader = plan.ExecuteReader())
        {
            while (reader.Read()) steps.Add(reader.GetString(3));
        }
        Assert.That(steps, Has.Some.Match("^SEARCH e USING PRIMARY KEY \\(ino=\\?\\)"), string.Join("; ", steps));
        Assert.That(steps, Has.None.Match("^SCAN e\\b|^SEARCH e USING INTEGER PRIMARY KEY"), "no scan of the events past the mark inside the per-node loop");
    }

    /// <summary>
    /// Appends the first <paramref name="stored"/> of <paramref name="events"/> through the store, then, on a plain
    /// connection, runs <paramref name="sqlBefore"/> (if any) and writes the rest into the raw table past the store
    /// (as an earlier version or a script would), in one transaction.
    /// </summary>
    private void StoreThenWritePast(List<AttentionEvent> events, int stored, string? sqlBefore = null)
    {
        using (var store = MetadataStore.Open(DatabasePath))
        {
            store.AppendAttention(Rows(events[..stored]), HeatCalculator.HalfLifeNs);
        }
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        if (sqlBefore is not null) Run(connection, sqlBefore);
        foreach (var e in events[stored..])
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms) VALUES($at, $kind, $player, $ino, zeroblob(32), zeroblob(32), $path, $dwell)";
            command.Parameters.AddWithValue("$at", e.AtNs);
            command.Parameters.AddWithValue("$kind", (int)e.Kind);
            command.Parameters.AddWithValue("$player", e.Player.ToArray());
            command.Parameters.AddWithValue("$ino", e.Inode);
            command.Parameters.AddWithValue("$path", e.Path);
            command.Parameters.AddWithValue("$dwell", e.DwellMs);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary><paramref name="count"/> events over <paramref name="spanNs"/> before <see cref="Start"/>, in random order.</summary>
    private static List<AttentionEvent> RandomEvents(int seed, int count, long spanNs, int inodes)
    {
        var random = new Random(seed);
        var now = (Start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        return Enumerable.Range(0, count).Select(_ =>
        {
            var kind = random.Next(3) == 0 ? 1 : 0;
            return Event(now - (long)(random.NextDouble() * spanNs), kind, random.Next(6, inodes), random.Next(Players.Length), kind == 1 ? random.Next(5000) : 0);
        }).ToList();
    }

    /// <summary>The metadata store's rows for <paramref name="events"/> (to write them past the recorder).</summary>
    private static List<AttentionRecord> Rows(List<AttentionEvent> events) => events.ConvertAll(e => e.ToRecord());

    /// <summary>Every node of <paramref name="events"/>: the aggregate's heat, counts and path equal the recomputation.</summary>
    private static void AssertMatches(AttentionRecorder recorder, List<AttentionEvent> events, long nowNs)
    {
        var expected = HeatCalculator.Compute(events, nowNs);
        var got = recorder.HottestNodes(nowNs, 1000);
        Assert.That(got.Select(h => h.Inode), Is.EquivalentTo(expected.Select(h => h.Inode)));
        var byNode = got.ToDictionary(h => h.Inode);
        foreach (var want in expected)
        {
            var h = byNode[want.Inode];
            Assert.That(h.Heat, Is.EqualTo(want.Heat).Within(1e-9), $"heat of {want.Inode}");
            Assert.That(recorder.HeatOf(want.Inode, nowNs), Is.EqualTo(want.Heat).Within(1e-9));
            Assert.That((h.UniquePeers, h.DwellMs, h.Opens, h.Path), Is.EqualTo((want.UniquePeers, want.DwellMs, want.Opens, want.Path)));
        }
        Assert.That(got.Select(h => h.Heat), Is.Ordered.Descending, "hottest first");
    }
}
