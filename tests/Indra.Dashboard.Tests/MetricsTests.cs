using System.Globalization;

namespace Indra.Dashboard.Tests;

/// <summary>
/// The daemon's Prometheus endpoint (<c>indra mount --metrics</c>), scraped before and after a known workload through
/// the mount: the per-operation request counters grow by at least the requests made, each latency histogram is
/// consistent (cumulative buckets, +Inf equal to its count, its count equal to the operation's answers), and the
/// engine's byte counters follow the bytes written.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MetricsTests
{
    private const int Creates = 10;
    private const int Reads = 10;
    private const int FileBytes = 5000;

    [Test]
    public async Task A_scrape_after_a_known_workload_counts_it()
    {
        using var http = new HttpClient();
        var before = new PrometheusText(await http.GetStringAsync(DashboardDaemon.MetricsUrl));
        var folder = Path.Combine(DashboardDaemon.Vault.Vault, "metrics-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < Creates; i++)
        {
            var bytes = new byte[FileBytes];
            new Random(i).NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, $"f{i.ToString(CultureInfo.InvariantCulture)}.bin"), bytes);
        }
        for (var i = 0; i < Reads; i++)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(folder, $"f{i.ToString(CultureInfo.InvariantCulture)}.bin")), Has.Length.EqualTo(FileBytes));
        }
        // A file's leaf is committed when it is released: the counters follow once the last commit is done.
        PrometheusText? after = null;
        Wait.Until(() =>
        {
            after = new PrometheusText(http.GetStringAsync(DashboardDaemon.MetricsUrl).GetAwaiter().GetResult());
            return Grew(before, after, "indra_leaves_committed_total") >= Creates;
        }, "the leaves committed to reach the files written");
        Assert.Multiple(() =>
        {
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=create", "outcome=ok"), Is.GreaterThanOrEqualTo(Creates), "create");
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=mkdir", "outcome=ok"), Is.GreaterThanOrEqualTo(1), "mkdir");
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=open", "outcome=ok"), Is.GreaterThanOrEqualTo(Reads), "open");
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=read", "outcome=ok"), Is.GreaterThanOrEqualTo(Reads), "read");
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=write", "outcome=ok"), Is.GreaterThanOrEqualTo(Creates), "write");
            Assert.That(Grew(before, after!, "indra_fuse_requests_total", "operation=release", "outcome=ok"), Is.GreaterThanOrEqualTo(Creates + Reads), "release");
            Assert.That(Grew(before, after!, "indra_fuse_read_bytes_total"), Is.GreaterThanOrEqualTo(Reads * FileBytes), "bytes served");
            Assert.That(Grew(before, after!, "indra_bytes_hashed_total"), Is.GreaterThanOrEqualTo(Creates * FileBytes), "bytes hashed");
            Assert.That(Grew(before, after!, "indra_bytes_stored_total"), Is.GreaterThanOrEqualTo(Creates * FileBytes), "bytes stored (random content, no block shared)");
            Assert.That(after!.Value("indra_vault_block_bytes"), Is.GreaterThanOrEqualTo(Creates * FileBytes), "the vault's blocks");
        });
        AssertHistogramsConsistent(after!);
    }

    /// <summary>How much the sample grew between the two scrapes.</summary>
    private static double Grew(PrometheusText before, PrometheusText after, string name, params string[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    /// <summary>Every operation's histogram: buckets cumulative in their bounds' order, +Inf equal to _count, and
    /// _count equal to the operation's answers (ok plus error; the mount is idle while it is scraped).</summary>
    private static void AssertHistogramsConsistent(PrometheusText scrape)
    {
        var operations = scrape.Matching("indra_fuse_request_duration_seconds_count").Select(s => s.Labels["operation"]).ToList();
        Assert.That(operations, Does.Contain("create").And.Contain("read").And.Contain("lookup"));
        foreach (var operation in operations)
        {
            var buckets = scrape.Matching("indra_fuse_request_duration_seconds_bucket", "operation=" + operation)
                .Select(s => (Bound: PrometheusText.Number(s.Labels["le"]), s.Value))
                .OrderBy(b => b.Bound).ToList();
            Assert.That(buckets, Has.Count.EqualTo(22), $"{operation}: 21 bounds and +Inf");
            for (var i = 1; i < buckets.Count; i++) Assert.That(buckets[i].Value, Is.GreaterThanOrEqualTo(buckets[i - 1].Value), $"{operation}: cumulative at le={buckets[i].Bound}");
            var count = scrape.Value("indra_fuse_request_duration_seconds_count", "operation=" + operation);
            Assert.That(buckets[^1].Bound, Is.EqualTo(double.PositiveInfinity));
            Assert.That(buckets[^1].Value, Is.EqualTo(count), $"{operation}: +Inf holds every request");
            var answered = scrape.Value("indra_fuse_requests_total", "operation=" + operation, "outcome=ok") + scrape.Value("indra_fuse_requests_total", "operation=" + operation, "outcome=error");
            Assert.That(answered, Is.EqualTo(count), $"{operation}: every answer timed once");
            Assert.That(scrape.Value("indra_fuse_request_duration_seconds_sum", "operation=" + operation), Is.GreaterThan(0), $"{operation}: time spent");
        }
    }
}
