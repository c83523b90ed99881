using System.Globalization;

namespace Indra.Dashboard.Tests;

/// <summary>
/// The write path's metrics on the run's daemon: the histogram of commit batch sizes (queued metadata writes each
/// transaction lands) takes every create, and the in-memory staging gauge holds a file's share while it is open for
/// writing and gives it back when it is closed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WriteMetricsTests
{
    private const int Creates = 25;

    /// <summary>The in-memory staging budget a file kept in memory holds (StagingBuffer.MemoryLimit).</summary>
    private const int MemoryShare = 256 * 1024;

    [Test]
    public async Task Commit_batches_land_every_create()
    {
        using var http = new HttpClient();
        var before = new PrometheusText(await http.GetStringAsync(DashboardDaemon.MetricsUrl));
        var folder = Path.Combine(DashboardDaemon.Vault.Vault, "batches-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < Creates; i++) File.WriteAllText(Path.Combine(folder, $"n{i.ToString(CultureInfo.InvariantCulture)}.txt"), $"note {i}");
        PrometheusText? after = null;
        Wait.Until(() =>
        {
            after = new PrometheusText(http.GetStringAsync(DashboardDaemon.MetricsUrl).GetAwaiter().GetResult());
            return Grew(before, after, "indra_leaves_committed_total") >= Creates && Grew(before, after, "indra_commit_batch_writes_sum") >= Creates;
        }, "the creates' queued writes to land");
        var buckets = after!.Matching("indra_commit_batch_writes_bucket").Select(s => (Bound: PrometheusText.Number(s.Labels["le"]), s.Value)).OrderBy(b => b.Bound).ToList();
        var count = after.Value("indra_commit_batch_writes_count");
        Assert.Multiple(() =>
        {
            Assert.That(Grew(before, after, "indra_commit_batch_writes_sum"), Is.GreaterThanOrEqualTo(Creates), "each create queues at least its node's write");
            Assert.That(Grew(before, after, "indra_commit_batch_writes_count"), Is.InRange(1, Grew(before, after, "indra_commit_batch_writes_sum")), "transactions that landed them, each at least one write");
            Assert.That(buckets.Select(b => b.Bound), Is.EqualTo(new[] { 1d, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, double.PositiveInfinity }));
            Assert.That(buckets.Select(b => b.Value), Is.Ordered, "cumulative buckets");
            Assert.That(buckets[^1].Value, Is.EqualTo(count), "+Inf holds every batch");
            Assert.That(after.Value("indra_commit_batch_writes_sum"), Is.GreaterThanOrEqualTo(count), "at least one write a batch");
        });
    }

    [Test]
    public async Task A_file_open_for_writing_holds_staging_memory_until_closed()
    {
        using var http = new HttpClient();
        var idle = new PrometheusText(await http.GetStringAsync(DashboardDaemon.MetricsUrl)).Value("indra_staging_memory_bytes");
        var path = Path.Combine(DashboardDaemon.Vault.Vault, "staging-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(new byte[1000]);
            stream.Flush();
            var open = new PrometheusText(await http.GetStringAsync(DashboardDaemon.MetricsUrl)).Value("indra_staging_memory_bytes");
            Assert.That(open - idle, Is.EqualTo(MemoryShare), "one file written, kept in memory: one share of the budget");
        }
        Wait.Until(() => new PrometheusText(http.GetStringAsync(DashboardDaemon.MetricsUrl).GetAwaiter().GetResult()).Value("indra_staging_memory_bytes") == idle,
            "the share to be given back once the file is committed");
        Assert.That(new FileInfo(path).Length, Is.EqualTo(1000));
    }

    private static double Grew(PrometheusText before, PrometheusText after, string name) => after.Value(name) - before.Value(name);
}
