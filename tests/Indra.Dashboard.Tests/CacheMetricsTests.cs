using System.Text.RegularExpressions;

namespace Indra.Dashboard.Tests;

/// <summary>
/// The block cache's metrics on a vault whose blocks' place of record is another directory (<c>indra init --blocks
/// DIR</c>: VAULT/blocks is the bounded write-back cache in front of it, the same cache as in front of an object store):
/// writing counts uploads; after the cache is wiped, reading a file counts misses and the bytes fetched, and reading a
/// second file of the same content (same blocks, pages the kernel has not cached) counts only hits.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class CacheMetricsTests
{
    /// <summary>Two blocks of the default 1 MiB block size.</summary>
    private const int FileBytes = 2 << 20;

    private const int Blocks = 2;

    [Test]
    public void Reads_of_a_cold_file_miss_then_hit_and_uploads_are_counted()
    {
        var remote = Path.Combine(DashboardDaemon.Root, "cache-remote-" + Guid.NewGuid().ToString("N")[..8]);
        using var vault = new DaemonVault(DashboardDaemon.Root, "cache-" + Guid.NewGuid().ToString("N")[..8], mount: false, initArguments: ["--blocks", remote]);
        using var http = new HttpClient();
        var content = new byte[FileBytes];
        new Random(18).NextBytes(content);
        try
        {
            vault.Mount("--metrics");
            File.WriteAllBytes(Path.Combine(vault.Vault, "a.bin"), content);
            File.WriteAllBytes(Path.Combine(vault.Vault, "b.bin"), content);
            PrometheusText? written = null;
            Wait.Until(() => (written = Scrape(http, vault)).Value("indra_block_cache_uploaded_blocks_total") >= Blocks, "the two blocks to be uploaded");
            Assert.Multiple(() =>
            {
                Assert.That(written!.Value("indra_block_cache_uploaded_blocks_total"), Is.EqualTo(Blocks), "each distinct block uploaded once (b.bin shares a.bin's blocks)");
                Assert.That(written!.Value("indra_block_cache_uploaded_bytes_total"), Is.EqualTo(FileBytes));
            });
            vault.Unmount();

            // Wipe the cache: every block file goes, each one kept by the remote directory.
            var cache = Path.Combine(vault.VaultDirectory, "blocks");
            var cached = Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Where(f => BlockName().IsMatch(Path.GetFileName(f))).ToList();
            Assert.That(cached, Has.Count.EqualTo(Blocks), "the cache held the two blocks");
            foreach (var file in cached)
            {
                Assert.That(File.Exists(Path.Combine(remote, Path.GetRelativePath(cache, file))), Is.True, $"the remote directory keeps {Path.GetFileName(file)}");
                File.Delete(file);
            }

            vault.Mount("--metrics");
            var cold = Scrape(http, vault);
            Assert.That(cold.Value("indra_block_cache_misses_total") + cold.Value("indra_block_cache_hits_total"), Is.Zero, "a new daemon counts from zero");
            Assert.That(File.ReadAllBytes(Path.Combine(vault.Vault, "a.bin")), Is.EqualTo(content), "a.bin read through the cold cache");
            var first = Scrape(http, vault);
            Assert.That(File.ReadAllBytes(Path.Combine(vault.Vault, "b.bin")), Is.EqualTo(content), "b.bin, the same blocks");
            var second = Scrape(http, vault);
            Assert.Multiple(() =>
            {
                Assert.That(first.Value("indra_block_cache_misses_total"), Is.InRange(0, Blocks),
                    "a.bin: a block neither the open (its first block) nor an earlier read prefetched misses, once per block at most");
                Assert.That(first.Value("indra_block_cache_fetched_blocks_total"), Is.EqualTo(Blocks), "a.bin: each block fetched once (by a read or by prefetch)");
                Assert.That(first.Value("indra_block_cache_fetched_bytes_total"), Is.EqualTo(FileBytes));
                Assert.That(second.Value("indra_block_cache_misses_total"), Is.EqualTo(first.Value("indra_block_cache_misses_total")), "b.bin: no miss, its blocks are cached");
                Assert.That(second.Value("indra_block_cache_fetched_blocks_total"), Is.EqualTo(Blocks), "b.bin: nothing fetched");
                Assert.That(second.Value("indra_block_cache_hits_total") - first.Value("indra_block_cache_hits_total"), Is.GreaterThanOrEqualTo(Blocks),
                    "b.bin: each of its blocks read from the cache (the engine reads a block whole)");
                Assert.That(second.Value("indra_block_cache_uploaded_blocks_total"), Is.Zero, "nothing written since this daemon started");
            });
        }
        catch
        {
            TestContext.Out.WriteLine($"the daemon's log:\n{vault.LogText()}");
            throw;
        }
    }

    private static PrometheusText Scrape(HttpClient http, DaemonVault vault)
    {
        var url = File.ReadAllText(Path.Combine(vault.VaultDirectory, "metrics.url")).Trim();
        return new PrometheusText(http.GetStringAsync(new Uri(url)).GetAwaiter().GetResult());
    }

    /// <summary>A block file's name: its BLAKE3 hash in hex.</summary>
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex BlockName();
}
